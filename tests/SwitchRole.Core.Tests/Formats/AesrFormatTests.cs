using SwitchRole.Core.Formats;

namespace SwitchRole.Core.Tests.Formats;

public sealed class AesrFormatTests
{
    private static readonly ImportOptions Options = new("team.ini");

    [Fact]
    public void Write_ThenParse_GivesBackTheSameEntries()
    {
        var text = AesrFormat.Write(SampleEntries.Valid);

        var result = AesrFormat.Parse(text, Options);

        FormatRoundTripAsserts.SameEntries(SampleEntries.Valid, result, baseAndGroup: true);
    }

    [Theory]
    [InlineData("color = #ffaaee", "ffaaee")]
    [InlineData("color = ffaaee", "ffaaee")]
    [InlineData("color = FFAAEE ; pink", "ffaaee")]
    [InlineData("color=#ffaaee#not-a-comment-without-space", null)]
    public void Parse_ColourWithOrWithoutHash_IsAccepted(string line, string? expected)
    {
        var result = AesrFormat.Parse($"[p]\naws_account_id = 123456789012\nrole_name = Admin\n{line}\n", Options);

        if (expected is null)
        {
            Assert.Equal("color", Assert.Single(result.Errors).Field);
        }
        else
        {
            Assert.Equal(expected, Assert.Single(result.Entries).Role.Color);
        }
    }

    [Fact]
    public void Parse_ValueWithEqualsHashAndSemicolon_KeepsTheWholeValue()
    {
        var text = "[Team A; ops]\naws_account_id = 123456789012\nrole_name = Admin\ngroup = a=b;c#d\nimage = https://x.example/i.png?a=b&c=d#top ; trailing comment\n";

        var result = AesrFormat.Parse(text, Options);

        var entry = Assert.Single(result.Entries);
        Assert.Equal("a=b;c#d", entry.Role.Group);
        Assert.Equal("Team A; ops", entry.Role.DisplayName);
    }

    [Fact]
    public void Parse_CrLfLineEndings_ReadLikeLf()
    {
        var result = AesrFormat.Parse("[p]\r\naws_account_id = 123456789012\r\nrole_name = Admin\r\nregion = eu-west-1\r\n", Options);

        Assert.Equal("eu-west-1", Assert.Single(result.Entries).Role.Region);
    }

    [Fact]
    public void Parse_BaseWithAliasOnly_ImportsTargetsWithoutBaseAndWarns()
    {
        var text = "[login]\naws_account_id = corp-login\n\n[prod]\naws_account_id = 123456789012\nrole_name = Admin\nsource_profile = login\n";

        var result = AesrFormat.Parse(text, Options);

        Assert.Null(Assert.Single(result.Entries).Role.BaseAccountId);
        Assert.Equal("aws_account_id", Assert.Single(result.Warnings).Field);
        Assert.Equal("base account", Assert.Single(result.Skipped).Kind);
    }

    [Fact]
    public void Parse_TargetRoleNameOnBase_IsInheritedUnlessTheTargetNamesItsOwn()
    {
        var text = "[base]\naws_account_id = 111111111111\ntarget_role_name = Dev\n\n[a]\naws_account_id = 222222222222\nsource_profile = base\n\n[b]\naws_account_id = 333333333333\nrole_name = Ops\nsource_profile = base\n";

        var result = AesrFormat.Parse(text, Options);

        Assert.Equal(["Dev", "Ops"], result.Entries.Select(e => e.Role.RoleName));
        Assert.All(result.Entries, e => Assert.Equal("111111111111", e.Role.BaseAccountId));
    }

    [Fact]
    public void Write_DuplicateDisplayNames_GetUniqueSectionsAndKeepTheirNames()
    {
        var text = AesrFormat.Write(SampleEntries.Valid);

        Assert.Contains("[Admin @ prod (2)]\ndisplay_name = Admin @ prod\n", text, StringComparison.Ordinal);
    }
}
