using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class SsoTokenCacheTests
{
    private static readonly SsoSettings Dev = new("dev", "corp", "https://corp.awsapps.com/start", "eu-central-1", "123456789012", "Developer");

    [Fact]
    public void ReadAccessToken_ValidCliFile_ReturnsTheAccessToken()
    {
        using var home = new TempUserHome();
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(8));

        Assert.Equal(SsoTestSupport.AccessToken, SsoTokenCache.ReadAccessToken(home.Root, Dev, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ReadAccessToken_OlderCliUtcSuffix_IsAccepted()
    {
        using var home = new TempUserHome();
        SsoTestSupport.WriteRaw(home, "corp", """{"accessToken": "tok-utc-suffix", "expiresAt": "2030-01-02T03:04:05UTC", "region": "eu-central-1", "startUrl": "https://corp.awsapps.com/start"}""");

        Assert.Equal("tok-utc-suffix", SsoTokenCache.ReadAccessToken(home.Root, Dev, new DateTimeOffset(2030, 1, 2, 3, 4, 4, TimeSpan.Zero)));
        var ex = Assert.Throws<StsException>(() => SsoTokenCache.ReadAccessToken(home.Root, Dev, new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal(StsFailureKind.ExpiredCredentials, ex.Kind);
    }

    [Theory]
    [InlineData("2026-11-28T12:00:00Z")]
    [InlineData("2026-11-28T12:00:00UTC")]
    [InlineData("2026-11-28T12:00:00.000Z")]
    [InlineData("2026-11-28T13:00:00+01:00")]
    public void ParseExpiry_IsoForms_SameInstant(string text)
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), SsoTokenCache.ParseExpiry(text));
    }

    [Theory]
    [InlineData("next tuesday")]
    [InlineData("2026-11-28")]
    [InlineData("1764331200")]
    public void ParseExpiry_NotAnIsoTime_Null(string text)
    {
        Assert.Null(SsoTokenCache.ParseExpiry(text));
    }

    [Theory]
    [InlineData("""{"accessToken": 42, "expiresAt": "2030-01-01T00:00:00Z"}""", " in field 'accessToken' (it has the wrong type)")]
    [InlineData("""{"expiresAt": "2030-01-01T00:00:00Z"}""", " in field 'accessToken' (it is missing or empty)")]
    [InlineData("""{"accessToken": "abc"}""", " in field 'expiresAt' (it is missing or empty)")]
    [InlineData("""{"accessToken": "abc", "expiresAt": "2030-01-01T00:00:00Z", "refreshToken": ["x"]}""", " in field 'refreshToken' (it has the wrong type)")]
    [InlineData("{\"accessToken\": \"abc\",\n\"expiresAt\": ", " (it is not valid JSON (line 2))")]
    [InlineData("null", " (it holds no JSON object)")]
    public void ReadAccessToken_MalformedFile_NamesFileAndField(string json, string says)
    {
        using var home = new TempUserHome();
        var file = SsoTestSupport.WriteRaw(home, "corp", json);

        var ex = Assert.Throws<StsException>(() => SsoTokenCache.ReadAccessToken(home.Root, Dev, DateTimeOffset.UtcNow));

        Assert.Equal($"The IAM Identity Center token cache file {file} is malformed{says}: run `aws sso login --profile dev` to write a new one and try again.", ex.Message);
    }

    [Fact]
    public void ReadAccessToken_NoCacheFolder_SaysNoLoginForTheLegacyStartUrl()
    {
        using var home = new TempUserHome();
        var legacy = Dev with { ProfileName = "legacy", SessionName = null };

        var ex = Assert.Throws<StsException>(() => SsoTokenCache.ReadAccessToken(home.Root, legacy, DateTimeOffset.UtcNow));

        Assert.Equal(StsFailureKind.NoCredentials, ex.Kind);
        Assert.Equal("No IAM Identity Center login found for profile 'legacy' (no cached token for https://corp.awsapps.com/start): run `aws sso login --profile legacy` and try again.", ex.Message);
    }
}
