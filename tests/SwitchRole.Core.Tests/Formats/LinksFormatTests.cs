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
    public void Write_SovereignCloudRegion_UsesItsRegionalSignInAndConsoleHosts()
    {
        var entry = SampleEntries.Valid[0] with { AccountId = "777788889999", Region = "eusc-de-east-1" };

        var line = LinksFormat.Write([entry]).Trim();

        // The bare signin.amazonaws-eusc.eu does not take a switch request; the regional host does.
        Assert.StartsWith("https://eusc-de-east-1.signin.amazonaws-eusc.eu/switchrole?account=777788889999&", line, StringComparison.Ordinal);
        Assert.EndsWith("&redirect_uri=" + Uri.EscapeDataString("https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1"), line, StringComparison.Ordinal);
        Assert.Equal("eusc-de-east-1", Assert.Single(LinksFormat.Parse(line + "\n", new ImportOptions("links.txt")).Entries).Role.Region);
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
