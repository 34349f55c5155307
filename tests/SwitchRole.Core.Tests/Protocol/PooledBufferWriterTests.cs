using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void GetSpan_PastTheCapacity_GrowsKeepingWhatWasWritten()
    {
        using var buffer = new PooledBufferWriter(256);
        var expected = new List<byte>();
        for (var i = 0; i < 5000; i++)
        {
            var chunk = buffer.GetSpan(7);
            for (var j = 0; j < 7; j++)
            {
                chunk[j] = (byte)(i + j);
                expected.Add((byte)(i + j));
            }

            buffer.Advance(7);
        }

        Assert.Equal(35_000, buffer.WrittenCount);
        Assert.Equal(expected, buffer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Advance_PastWhatWasHandedOut_Throws()
    {
        using var buffer = new PooledBufferWriter(256);
        var room = buffer.GetSpan().Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(room + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void WrittenSpan_PatchedInPlace_ShowsInWrittenMemory()
    {
        using var buffer = new PooledBufferWriter(16);
        "a,b,c"u8.CopyTo(buffer.GetSpan(5));
        buffer.Advance(5);

        buffer.WrittenSpan[1] = (byte)']';

        Assert.Equal("a]b,c"u8.ToArray(), buffer.WrittenMemory.ToArray());
    }
}
