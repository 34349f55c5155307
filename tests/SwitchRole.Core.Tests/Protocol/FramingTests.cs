using System.Text;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class FramingTests
{
    [Fact]
    public async Task WriteAsync_Json_WritesLittleEndianByteLengthThenUtf8()
    {
        using var output = new MemoryStream();
        using var writer = new FrameWriter(output);

        await writer.WriteAsync(Encoding.UTF8.GetBytes("{\"a\":\"é\"}"));

        // "é" is two bytes: the header counts bytes (10), not characters (9).
        Assert.Equal([10, 0, 0, 0, (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0xA9, (byte)'"', (byte)'}'], output.ToArray());
    }

    [Fact]
    public async Task WriteAsync_OverOneMebibyte_IsRefusedAndNothingIsWritten()
    {
        using var output = new MemoryStream();
        using var writer = new FrameWriter(output);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(new byte[Framing.MaxOutboundBytes + 1]));
        await writer.WriteAsync(new byte[Framing.MaxOutboundBytes]);

        Assert.Equal(4 + Framing.MaxOutboundBytes, output.Length);
    }

    [Fact]
    public async Task WriteAsync_BrowserClosedThePipe_DropsFramesInsteadOfThrowing()
    {
        // A real pipe whose reading end is gone, as when the browser closes the port while an event is on its way.
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        pipe.DisposeLocalCopyOfClientHandle();

        using var writer = new FrameWriter(pipe);
        await writer.WriteAsync("{\"event\":\"changed\"}"u8.ToArray());
        await writer.WriteAsync("{\"event\":\"changed\"}"u8.ToArray());

        Assert.True(writer.IsClosed);
    }

    [Fact]
    public async Task ReadAsync_GoldenBytes_ReturnsPayload()
    {
        var reader = new FrameReader(new MemoryStream([7, 0, 0, 0, .. "{\"id\":1"u8, 2, 0, 0, 0, .. "{}"u8]));

        Assert.Equal("{\"id\":1", Encoding.UTF8.GetString((await reader.ReadAsync())!));
        Assert.Equal("{}", Encoding.UTF8.GetString((await reader.ReadAsync())!));
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task ReadAsync_FrameSplitAcrossReads_IsReassembled()
    {
        byte[] bytes = [13, 0, 0, 0, .. "{\"id\":\"long\"}"u8];
        var reader = new FrameReader(new TrickleStream(bytes));

        Assert.Equal("{\"id\":\"long\"}", Encoding.UTF8.GetString((await reader.ReadAsync())!));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 5, 0 })]
    [InlineData(new byte[] { 5, 0, 0, 0, (byte)'{', (byte)'}' })]
    public async Task ReadAsync_EndOfInputOrTruncatedFrame_ReadsAsEnd(byte[] bytes)
    {
        Assert.Null(await new FrameReader(new MemoryStream(bytes)).ReadAsync());
    }

    [Fact]
    public async Task ReadAsync_LengthOverEightMebibytes_Throws()
    {
        var length = BitConverter.GetBytes(Framing.MaxInboundBytes + 1);
        var ex = await Assert.ThrowsAsync<FrameTooLargeException>(() => new FrameReader(new MemoryStream(length)).ReadAsync());
        Assert.Equal(Framing.MaxInboundBytes + 1, ex.Length);
    }

    [Fact]
    public async Task ReadAsync_ExactlyEightMebibytes_IsAccepted()
    {
        var payload = new byte[Framing.MaxInboundBytes];
        var reader = new FrameReader(new MemoryStream([.. BitConverter.GetBytes(payload.Length), .. payload]));
        Assert.Equal(Framing.MaxInboundBytes, (await reader.ReadAsync())!.Length);
    }

    /// <summary>Returns at most three bytes per read, like a pipe under load.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(3, count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(3, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(3, buffer.Length)], cancellationToken);
    }
}
