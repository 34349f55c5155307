using System.Buffers.Binary;

namespace SwitchRole.Core.Protocol;

/// <summary>Native-messaging framing: a 4-byte native-order (little-endian on every desktop target) length, then UTF-8 JSON.</summary>
public static class Framing
{
    /// <summary>The largest frame a browser accepts from a host.</summary>
    public const int MaxOutboundBytes = 1024 * 1024;

    /// <summary>The largest frame this host accepts from a browser.</summary>
    public const int MaxInboundBytes = 8 * 1024 * 1024;

    public static void WriteHeader(Span<byte> destination, int length)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, length);
        }
    }

    public static uint ReadHeader(ReadOnlySpan<byte> source) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(source) : BinaryPrimitives.ReadUInt32BigEndian(source);
}

/// <summary>An inbound frame longer than <see cref="Framing.MaxInboundBytes"/>; the rest of the stream cannot be trusted.</summary>
public sealed class FrameTooLargeException(long length)
    : Exception($"Inbound frame of {length} bytes exceeds the {Framing.MaxInboundBytes}-byte limit.")
{
    public long Length { get; } = length;
}

/// <summary>Reads frames from the browser. End of stream, or a frame cut short, reads as null.</summary>
/// <remarks>
/// Reads block the calling thread: the host has nothing else to do while it waits, and the console streams'
/// ReadAsync would start the thread pool (two new threads) before the first reply, on every browser connect.
/// </remarks>
public sealed class FrameReader(Stream input)
{
    private readonly byte[] _header = new byte[4];

    /// <summary>The next frame's JSON bytes, or null at end of input (clean or truncated).</summary>
    /// <exception cref="FrameTooLargeException">The announced length is over the limit.</exception>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!await FillAsync(_header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var length = Framing.ReadHeader(_header);
        if (length > Framing.MaxInboundBytes)
        {
            throw new FrameTooLargeException(length);
        }

        var payload = new byte[length];
        return await FillAsync(payload, cancellationToken).ConfigureAwait(false) ? payload : null;
    }

    private Task<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = input.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return Task.FromResult(false);
            }

            read += n;
        }

        return Task.FromResult(true);
    }
}

/// <summary>Writes frames to the browser, one at a time (responses and events share the stream), flushing each.</summary>
/// <remarks>
/// Writes are synchronous for the same reason as <see cref="FrameReader"/>'s reads. Once the browser has closed
/// its end (a failed write), later frames are dropped: the read side then ends the loop, and a host must not
/// crash on its way out because one last event found nobody listening.
/// </remarks>
public sealed class FrameWriter(Stream output) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _closed;

    /// <summary>True once a write failed because the browser stopped reading.</summary>
    public bool IsClosed => _closed;

    /// <exception cref="InvalidOperationException">The frame is over the browsers' 1 MiB cap: a host bug, never sent.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        if (json.Length > Framing.MaxOutboundBytes)
        {
            throw new InvalidOperationException($"Outbound frame of {json.Length} bytes exceeds the browsers' {Framing.MaxOutboundBytes}-byte limit.");
        }

        var header = new byte[4];
        Framing.WriteHeader(header, json.Length);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_closed)
            {
                output.Write(header);
                output.Write(json.Span);
                output.Flush();
            }
        }
        catch (IOException)
        {
            _closed = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
