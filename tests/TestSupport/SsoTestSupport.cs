using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SwitchRole.Network.Aws;

namespace SwitchRole.TestSupport;

/// <summary>
/// A temp home with <c>.aws/config</c> and the token cache <c>aws sso login</c> writes, and the real gateway reading
/// them through <see cref="StsGatewayOptions.HomeDirectory"/>, with STS and the SSO portal on the loopback fake.
/// </summary>
public static class SsoTestSupport
{
    public const string AccessToken = "aoaAAAAAGFAKEssoACCESStoken0123456789abcdefghijklmnopqrstuvwxyz";
    public const string RefreshToken = "aorAAAAAGFAKEssoREFRESHtoken0123456789abcdefghijklmnopqrstuvw";
    public const string ClientSecret = "eyJraWQiOiJGQUtFLWNsaWVudC1zZWNyZXQtMDEyMzQ1Njc4OSJ9";

    /// <summary>A profile using <c>[sso-session corp]</c>, and a legacy one with the start URL in the profile.</summary>
    public const string Config = """
        [profile dev]
        sso_session = corp
        sso_account_id = 123456789012
        sso_role_name = Developer
        region = eu-west-1

        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1
        sso_registration_scopes = sso:account:access

        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-2
        sso_account_id = 210987654321
        sso_role_name = ReadOnly

        [profile ops]
        role_arn = arn:aws:iam::222222222222:role/Ops
        source_profile = dev
        region = eu-west-1
        """;

    public static void WriteConfig(TempUserHome home, string text = Config)
    {
        home.CreateDirectory(".aws");
        File.WriteAllText(home.Path(".aws", "config"), text);
        File.WriteAllText(home.Path(".aws", "credentials"), string.Empty);
    }

    /// <summary>The file name the AWS CLI uses: SHA-1 hex of the sso-session name or the legacy start URL.</summary>
    public static string CacheFile(TempUserHome home, string keySource) =>
#pragma warning disable CA5350 // The AWS CLI's naming rule.
        home.Path(".aws", "sso", "cache", Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(keySource))) + ".json");
#pragma warning restore CA5350

    /// <summary>Writes a cache file the way the AWS CLI v2 does after `aws sso login`.</summary>
    public static string WriteToken(TempUserHome home, string keySource, DateTimeOffset expiresAt, string accessToken = AccessToken, string startUrl = "https://corp.awsapps.com/start")
    {
        var expires = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var registration = DateTimeOffset.UtcNow.AddDays(80).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return WriteRaw(home, keySource, $$"""
            {"startUrl": "{{startUrl}}", "region": "eu-central-1", "accessToken": "{{accessToken}}", "expiresAt": "{{expires}}", "clientId": "FAKEclientIdAAAAAAAAAAAAAAevWVzdC0x", "clientSecret": "{{ClientSecret}}", "registrationExpiresAt": "{{registration}}", "refreshToken": "{{RefreshToken}}"}
            """);
    }

    public static string WriteRaw(TempUserHome home, string keySource, string json)
    {
        var file = CacheFile(home, keySource);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, json);
        return file;
    }

    public static SdkStsGateway Gateway(FakeAwsEndpoints fake, TempUserHome home, string profile, int maxAttempts = 4) => new(new StsGatewayOptions
    {
        Profile = profile,
        HomeDirectory = home.Root,
        ServiceUrl = fake.StsUrl,
        SsoServiceUrl = fake.SsoUrl,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(10),
        GetEnvironmentVariable = _ => null,
    });

    public static IReadOnlyList<RecordedRequest> SsoRequests(FakeAwsEndpoints fake) => [.. fake.Requests.Where(r => r.Path == "/federation/credentials")];
}
