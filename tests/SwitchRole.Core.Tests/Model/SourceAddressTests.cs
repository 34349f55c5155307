using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Model;

public sealed class SourceAddressTests
{
    [Fact]
    public void Parse_PlainHttp_IsRefusedSayingWhy()
    {
        var ex = Assert.Throws<ValidationException>(() => SourceAddress.Parse("http://intranet.example.com/roles.ini"));
        Assert.Contains("https://", ex.Message, StringComparison.Ordinal);
        Assert.Equal("location", ex.Field);
    }

    [Fact]
    public void Parse_UrlWithPassword_IsRefusedWithoutEchoingIt()
    {
        var ex = Assert.Throws<ValidationException>(() => SourceAddress.Parse("https://alice:s3cret@example.com/roles.ini"));
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("user name or password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HttpsUrl_KeepsQueryDropsFragment()
    {
        var (kind, location) = SourceAddress.Parse(" https://example.com/team/roles.ini?token=abc#top ");
        Assert.Equal(SourceKind.Url, kind);
        Assert.Equal("https://example.com/team/roles.ini?token=abc", location);
    }

    [Fact]
    public void Parse_RelativePath_BecomesAbsoluteAgainstTheBase()
    {
        var baseDir = Path.GetTempPath();
        var (kind, location) = SourceAddress.Parse("team/roles.ini", baseDir);
        Assert.Equal(SourceKind.File, kind);
        Assert.Equal(Path.GetFullPath(Path.Combine(baseDir, "team", "roles.ini")), location);
    }

    [Fact]
    public void Redact_UrlWithTokenAndUser_ShowsOnlyHostAndPath()
    {
        var shown = SourceAddress.Redact("https://bob:pw@example.com:8443/a/roles.csv?token=SECRET&x=1");
        Assert.Equal("https://example.com:8443/a/roles.csv?…", shown);
    }

    [Fact]
    public void Scrub_MessageQuotingTheUrl_LosesTheSecret()
    {
        var url = "https://example.com/roles.ini?token=SECRET";
        var scrubbed = SourceAddress.Scrub($"GET {url} failed; query ?token=SECRET", url);
        Assert.DoesNotContain("SECRET", scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("team:nested")]
    [InlineData("this-name-is-far-too-long-for-a-source-name-really")]
    public void NormalizeName_Invalid_Throws(string name) =>
        Assert.Throws<ValidationException>(() => SourceAddress.NormalizeName(name));

    [Fact]
    public void NormalizeName_Valid_IsTrimmed() => Assert.Equal("platform.team_1", SourceAddress.NormalizeName("  platform.team_1 "));
}
