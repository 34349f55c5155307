using System.Text;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// Turns the bytes of an import file into text, or into one clear error: too big, binary, or not UTF-8/UTF-16.
/// UTF-8 with or without a byte order mark; UTF-16 with a byte order mark (what Windows PowerShell's <c>&gt;</c> writes).
/// </summary>
public static class TextInput
{
    /// <summary>No role catalogue comes near this; anything bigger is the wrong file.</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes, so a huge stream is refused without reading it all.</summary>
    public static async Task<byte[]> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length <= MaxBytes)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes, so a huge stream is refused without reading it all.</summary>
    public static byte[] ReadLimited(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length <= MaxBytes)
        {
            var read = stream.Read(chunk, 0, chunk.Length);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Decodes <paramref name="bytes"/>; on failure returns null and sets <paramref name="error"/>.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, string fileName, out ImportError? error)
    {
        error = null;
        if (bytes.Length > MaxBytes)
        {
            error = new ImportError(fileName, SourceLocation.Start, "file",
                $"is larger than {MaxBytes / (1024 * 1024)} MiB; this is not a role list");
            return null;
        }

        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var encoding = bytes[0] == 0xFF
                ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
                : new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
            try
            {
                return CheckText(encoding.GetString(bytes[2..]), fileName, out error);
            }
            catch (DecoderFallbackException)
            {
                error = new ImportError(fileName, SourceLocation.Start, "file", "starts like UTF-16 text but is not valid UTF-16");
                return null;
            }
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            error = new ImportError(fileName, LocationOf(bytes, nul), "file", "is a binary file (it contains NUL bytes), not text");
            return null;
        }

        try
        {
            return CheckText(StrictUtf8.GetString(bytes), fileName, out error);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 && e.Index < bytes.Length ? e.Index : FirstInvalid(bytes);
            var value = at >= 0 && at < bytes.Length ? $" (byte 0x{bytes[at]:x2})" : "";
            error = new ImportError(fileName, LocationOf(bytes, Math.Max(0, at)), "file",
                $"is not UTF-8 text{value}; save it as UTF-8 and try again");
            return null;
        }
    }

    /// <summary>Splits text into lines on CRLF, LF or CR, without the line breaks.</summary>
    public static List<string> SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                lines.Add(text[start..i]);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static string? CheckText(string text, string fileName, out ImportError? error)
    {
        error = null;

        // Control characters other than tab and line breaks mean binary data that happened to decode.
        var line = 1;
        var column = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }

            if (char.IsControl(c) && c is not '\t' and not '\r' && c != '\u0085')
            {
                error = new ImportError(fileName, new SourceLocation(line, column), "file",
                    $"contains the control character U+{(int)c:X4}; this is not a text role list");
                return null;
            }

            column++;
        }

        return text;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    private static SourceLocation LocationOf(ReadOnlySpan<byte> bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceLocation(line, offset - lineStart + 1);
    }
}
