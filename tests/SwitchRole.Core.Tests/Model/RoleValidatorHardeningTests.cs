using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Model;

/// <summary>Issue 13, item 4: patterns anchored to the very end, and invisible characters refused by name and position.</summary>
public sealed class RoleValidatorHardeningTests
{
    [Fact]
    public void NormalizeRoleName_NewlineBeforeAPathSlash_IsRejected()
    {
        // .NET's $ matches before a final newline: "ops\n" passed as a path segment and printed a forged line in list.
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.NormalizeRoleName("ops\n/Admin"));
        Assert.Equal("roleName", ex.Field);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RoleWithNewlineInPath_IsRejected()
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "ops\n/Admin", "Prod")));
        Assert.Equal("roleName", ex.Field);
    }

    // Every pattern of the validator, given a value it accepts followed by one newline.
    [Theory]
    [InlineData("RoleSegment", "Admin")]
    [InlineData("HexColor", "ff9900")]
    [InlineData("RegionCode", "eu-west-1")]
    [InlineData("SourceName", "platform")]
    public void EveryPattern_ValueThenFinalNewline_DoesNotMatch(string pattern, string accepted)
    {
        var regex = pattern switch
        {
            "RoleSegment" => RoleValidator.RoleSegment(),
            "HexColor" => RoleValidator.HexColor(),
            "RegionCode" => RoleValidator.RegionCode(),
            _ => SourceAddress.NamePattern(),
        };
        Assert.Matches(regex, accepted);
        Assert.DoesNotMatch(regex, accepted + "\n");
        Assert.DoesNotMatch(regex, accepted + "\r\n");
    }

    [Theory]
    [InlineData("Prod \u202Enimda", "U+202E", 6)] // right-to-left override
    [InlineData("Prod\u200Badmin", "U+200B", 5)] // zero-width space
    [InlineData("Prod\u2028admin", "U+2028", 5)] // line separator
    [InlineData("Prod\u2029admin", "U+2029", 5)] // paragraph separator
    [InlineData("\uFEFFProd", "U+FEFF", 1)] // byte-order mark, a format character
    public void Validate_InvisibleCharacterInDisplayName_IsNamedWithItsPosition(string name, string codePoint, int position)
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "Admin", name)));
        Assert.Equal("displayName", ex.Field);
        Assert.Contains(codePoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvisibleCharacterInGroup_IsNamed()
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "Admin", "Prod", Group: "prod\u202E")));
        Assert.Equal("group", ex.Field);
        Assert.Contains("U+202E at position 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeOrigin_TeamOriginWithFormatCharacter_IsRejected()
    {
        Assert.Equal("origin", Assert.Throws<ValidationException>(() => RoleValidator.NormalizeOrigin("team:plat\u200Bform")).Field);
    }

    [Fact]
    public void SourceName_InvisibleCharacter_IsNamedWithItsPosition()
    {
        var ex = Assert.Throws<ValidationException>(() => SourceAddress.NormalizeName("plat\u202Eform"));
        Assert.Equal("name", ex.Field);
        Assert.Contains("U+202E at position 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OrdinaryNonAsciiText_IsAccepted()
    {
        // Letters of any script, emoji and the middle dot stay allowed: only invisible characters are refused.
        var role = RoleValidator.Validate(new RoleInput("123456789012", "Admin", "Prod · Zürich 本番 🚀", Group: "équipe"));
        Assert.Equal("Prod · Zürich 本番 🚀", role.DisplayName);
    }

    [Fact]
    public void Printable_HidesFormatCharacters()
    {
        Assert.Equal("a?b", RoleValidator.Printable("a\u202Eb"));
    }
}
