using SwitchRole.Core.Formats;

namespace SwitchRole.Core.Tests.Formats;

public sealed class LinksFormatTests
{
    [Fact]
    public void Write_ThenParse_GivesBackTheSameEntries()
    {
        var text = LinksFormat.Write(SampleEntries.Valid);

        var result = LinksFormat.Parse(text, new ImportOptions("links.txt"));

        FormatRoundTripAsserts.SameEntries(SampleEntries.Valid, result, baseAndGroup: false);
    }

    [Fact]
    public void Write_GovCloudAndChinaRegions_UseTheirPartitionsSignInHosts()
    {
        var lines = LinksFormat.Write(SampleEntries.Valid).Split('\n');

        Assert.StartsWith("https://signin.amazonaws-us-gov.com/switchrole?account=111122223333&", lines.Single(l => l.Contains("111122223333", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("https://signin.amazonaws.cn/switchrole?account=444455556666&", lines.Single(l => l.Contains("444455556666", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RegionalSignInHost_IsAccepted()
    {
        var result = LinksFormat.Parse("https://eu-west-1.signin.aws.amazon.com/switchrole?account=123456789012&roleName=Admin&color=FF9900\n", new ImportOptions("l"));

        Assert.Equal("ff9900", Assert.Single(result.Entries).Role.Color);
    }

    [Fact]
    public void Parse_LinkCopiedFromHtmlMail_UndoesTheAmpersandEscapes()
    {
        var result = LinksFormat.Parse("<a href=\"https://signin.aws.amazon.com/switchrole?account=123456789012&amp;roleName=Admin&amp;displayName=Prod\">Prod</a>\n", new ImportOptions("mail.html"));

        var entry = Assert.Single(result.Entries);
        Assert.Equal(("Admin", "Prod"), (entry.Role.RoleName, entry.Role.DisplayName));
    }
}
