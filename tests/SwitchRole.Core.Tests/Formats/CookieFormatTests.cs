using SwitchRole.Core.Formats;

namespace SwitchRole.Core.Tests.Formats;

public sealed class CookieFormatTests
{
    [Theory]
    [InlineData("{\"ba\":\"111111111111\",\"rl\":[{\"a\":\"123456789012\",\"r\":\"Admin\",\"d\":\"Prod\",\"c\":\"ff9900\"}]}")]
    [InlineData("%7B%22ba%22%3A%22111111111111%22%2C%22rl%22%3A%5B%7B%22a%22%3A%22123456789012%22%2C%22r%22%3A%22Admin%22%2C%22d%22%3A%22Prod%22%2C%22c%22%3A%22ff9900%22%7D%5D%7D")]
    [InlineData("noflush_awsc-roleInfo=%7B%22ba%22%3A%22111111111111%22%2C%22rl%22%3A%5B%7B%22a%22%3A%22123456789012%22%2C%22r%22%3A%22Admin%22%2C%22d%22%3A%22Prod%22%2C%22c%22%3A%22ff9900%22%7D%5D%7D; Domain=.aws.amazon.com; Path=/")]
    public void Parse_ValueAsCopiedFromTheBrowser_GivesTheHistoryEntries(string value)
    {
        var result = CookieFormat.Parse(value, new ImportOptions("cookie"));

        var entry = Assert.Single(result.Entries);
        Assert.Equal(("123456789012", "Admin", "Prod", "ff9900", "111111111111"),
            (entry.Role.AccountId, entry.Role.RoleName, entry.Role.DisplayName, entry.Role.Color, entry.Role.BaseAccountId));
    }
}
