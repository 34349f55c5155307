using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class MessagesTests
{
    [Theory]
    [InlineData(2026, 1, 2, 3, 4, 5, 6, 0, "2026-01-02T03:04:05.006Z")]
    [InlineData(2026, 11, 28, 23, 59, 59, 999, 0, "2026-11-28T23:59:59.999Z")]
    [InlineData(2026, 11, 29, 1, 30, 0, 0, 2, "2026-11-28T23:30:00.000Z")] // +02:00 is written as UTC
    [InlineData(1, 1, 1, 0, 0, 0, 0, 0, "0001-01-01T00:00:00.000Z")]
    public void FormatTime_AnyOffset_IsUtcIsoWithMilliseconds(int y, int mo, int d, int h, int mi, int s, int ms, int offsetHours, string expected)
    {
        var time = new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromHours(offsetHours));

        Assert.Equal(expected, RoleDto.FormatTime(time));
        Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), RoleDto.FormatTime(time));
    }
}
