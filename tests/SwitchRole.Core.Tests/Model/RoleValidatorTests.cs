using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Model;

public sealed class RoleValidatorTests
{
    [Theory]
    [InlineData("123456789012", "123456789012")]
    [InlineData("1234-5678-9012", "123456789012")]
    [InlineData(" 1234 5678 9012 ", "123456789012")]
    public void NormalizeAccountId_DashesAndSpaces_AreRemoved(string input, string expected)
    {
        Assert.Equal(expected, RoleValidator.NormalizeAccountId(input));
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("12345678901a")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("１２３４５６７８９０１２")] // full-width digits are not ASCII digits
    public void NormalizeAccountId_NotTwelveDigits_NamesTheField(string? input)
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.NormalizeAccountId(input, "roles[2].accountId"));
        Assert.Equal("roles[2].accountId", ex.Field);
        Assert.StartsWith("roles[2].accountId: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("ops/Admin")]
    [InlineData("a/b/c/Role+=,.@_-1")]
    public void NormalizeRoleName_IamNamesWithPaths_AreAccepted(string role)
    {
        Assert.Equal(role, RoleValidator.NormalizeRoleName(role));
    }

    [Theory]
    [InlineData("Ad min")]
    [InlineData("ops//Admin")]
    [InlineData("<script>")]
    [InlineData("Ad\nmin")]
    public void NormalizeRoleName_IllegalCharacters_AreRejected(string role)
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.NormalizeRoleName(role));
        Assert.Equal("roleName", ex.Field);
    }

    [Fact]
    public void NormalizeRoleName_PathAndNameOver64_IsRejected()
    {
        var ok = "p/" + new string('a', 62);
        Assert.Equal(ok, RoleValidator.NormalizeRoleName(ok));
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.NormalizeRoleName(ok + "a"));
        Assert.Contains("at most 64", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#FF9900", "ff9900")]
    [InlineData("ff9900", "ff9900")]
    [InlineData("  #1d8102 ", "1d8102")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void NormalizeColor_HashAndCase_AreNormalised(string? input, string? expected)
    {
        Assert.Equal(expected, RoleValidator.NormalizeColor(input));
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#fff")]
    [InlineData("ff99001")]
    [InlineData("##ff9900")]
    public void NormalizeColor_NotSixHexDigits_IsRejected(string input)
    {
        Assert.Equal("color", Assert.Throws<ValidationException>(() => RoleValidator.NormalizeColor(input)).Field);
    }

    [Theory]
    [InlineData("eu-west-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-north-1")]
    [InlineData("ap-southeast-5")]
    [InlineData("eusc-de-east-1")]
    [InlineData("US-EAST-1")]
    public void NormalizeRegion_RegionCodes_AreAccepted(string region)
    {
        Assert.Equal(region.ToLowerInvariant(), RoleValidator.NormalizeRegion(region));
    }

    [Theory]
    [InlineData("europe")]
    [InlineData("eu-west")]
    [InlineData("eu-west-1; drop table")]
    public void NormalizeRegion_Garbage_IsRejected(string region)
    {
        Assert.Equal("region", Assert.Throws<ValidationException>(() => RoleValidator.NormalizeRegion(region)).Field);
    }

    [Fact]
    public void Validate_NoDisplayName_DefaultsToRoleAtAccountAndSaysSo()
    {
        var role = RoleValidator.Validate(new RoleInput("1234-5678-9012", "team/Admin"));
        Assert.Equal("Admin @ 123456789012", role.DisplayName);
        Assert.False(role.DisplayNameGiven);
        Assert.Equal(Origins.Local, role.Origin);
    }

    [Fact]
    public void Validate_DisplayNameOver64_IsRejectedButLongDefaultIsCut()
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "Admin", new string('x', 65))));
        Assert.Equal("displayName", ex.Field);

        var longRole = new string('R', 60);
        var role = RoleValidator.Validate(new RoleInput("123456789012", longRole));
        Assert.Equal(64, role.DisplayName.Length);
    }

    [Fact]
    public void Validate_ControlCharactersInDisplayName_AreRejected()
    {
        var ex = Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "Admin", "bad\u0007name")));
        Assert.Equal("displayName", ex.Field);
    }

    [Fact]
    public void Validate_MarkupInDisplayName_IsKeptAsText()
    {
        // Rendering is where markup is made inert (textContent); the store keeps what the person typed.
        var role = RoleValidator.Validate(new RoleInput("123456789012", "Admin", "<img src=x onerror=alert(1)>"));
        Assert.Equal("<img src=x onerror=alert(1)>", role.DisplayName);
    }

    [Theory]
    [InlineData("team:platform", "team:platform")]
    [InlineData("console", "console")]
    [InlineData(null, "local")]
    public void NormalizeOrigin_KnownForms_AreAccepted(string? input, string expected)
    {
        Assert.Equal(expected, RoleValidator.NormalizeOrigin(input));
    }

    [Theory]
    [InlineData("team:")]
    [InlineData("somewhere")]
    public void NormalizeOrigin_UnknownForms_AreRejected(string input)
    {
        Assert.Equal("origin", Assert.Throws<ValidationException>(() => RoleValidator.NormalizeOrigin(input)).Field);
    }

    [Fact]
    public void Validate_BaseAccount_IsNormalised()
    {
        var role = RoleValidator.Validate(new RoleInput("123456789012", "Admin", BaseAccountId: "2109-8765-4321"));
        Assert.Equal("210987654321", role.BaseAccountId);
        Assert.Equal("baseAccountId", Assert.Throws<ValidationException>(() => RoleValidator.Validate(new RoleInput("123456789012", "Admin", BaseAccountId: "nope"))).Field);
    }
}
