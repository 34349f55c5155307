using System.Text;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

public sealed class TextInputTests
{
    [Fact]
    public void Decode_Utf8WithBom_DropsTheBom()
    {
        var text = TextInput.Decode([0xEF, 0xBB, 0xBF, (byte)'[', (byte)'a', (byte)']'], "f", out var error);

        Assert.Null(error);
        Assert.Equal("[a]", text);
    }

    [Fact]
    public void Decode_Utf16LeWithBom_IsRead()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("[prodé]\r\n")).ToArray();

        Assert.Equal("[prodé]\r\n", TextInput.Decode(bytes, "f", out _));
    }

    [Fact]
    public void Decode_ControlCharacters_AreRefusedWithTheirLocation()
    {
        var text = TextInput.Decode("ok\nab\u0001"u8, "junk.bin", out var error);

        Assert.Null(text);
        Assert.Equal(new SourceLocation(2, 3), error!.Location);
    }

    [Fact]
    public async Task ReadLimitedAsync_EndlessStream_StopsJustPastTheLimit()
    {
        using var stream = new EndlessStream();

        var bytes = await TextInput.ReadLimitedAsync(stream);

        Assert.InRange(bytes.Length, TextInput.MaxBytes + 1, TextInput.MaxBytes + 81920);
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
