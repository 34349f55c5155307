using Amazon.Runtime.CredentialManagement;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class SsoSettingsTests
{
    private static CredentialProfile Profile(string name, string? session = "corp", string? startUrl = "https://corp.awsapps.com/start", string? region = "eu-central-1", string? account = "123456789012", string? role = "Developer") =>
        new(name, new CredentialProfileOptions { SsoSession = session, SsoStartUrl = startUrl, SsoRegion = region, SsoAccountId = account, SsoRoleName = role });

    [Fact]
    public void CacheKey_SsoSessionProfile_IsSha1HexOfTheSessionName()
    {
        var settings = SsoSettings.From(Profile("dev"));

        // sha1("corp"), as the AWS CLI names ~/.aws/sso/cache/<key>.json for [sso-session corp].
        Assert.Equal("ee0bfd2552fbd840c02cc48b6e823320543c450f", settings.CacheKey);
    }

    [Fact]
    public void CacheKey_LegacyProfile_IsSha1HexOfTheStartUrl()
    {
        var settings = SsoSettings.From(Profile("legacy", session: null, startUrl: "https://legacy.awsapps.com/start"));

        Assert.Equal("79e435d7a515078e81c9dffc35f38d5687ebd3a7", settings.CacheKey);
    }

    [Fact]
    public void From_CompleteProfile_KeepsAccountRoleRegionAndLoginCommand()
    {
        var settings = SsoSettings.From(Profile("dev", account: "1234-5678-9012"));

        Assert.Equal(new SsoSettings("dev", "corp", "https://corp.awsapps.com/start", "eu-central-1", "123456789012", "Developer"), settings);
        Assert.Equal("aws sso login --profile dev", settings.LoginCommand);
    }

    [Fact]
    public void IsSso_KeysOnlyProfile_False()
    {
        var profile = new CredentialProfile("keys", new CredentialProfileOptions { AccessKey = "AKIAEXAMPLE000000001", SecretKey = "secret" });

        Assert.False(SsoSettings.IsSso(profile));
        Assert.True(SsoSettings.IsSso(Profile("dev")));
    }

    [Fact]
    public void From_MissingRoleName_NamesTheKeyAndTheFix()
    {
        var ex = Assert.Throws<StsException>(() => SsoSettings.From(Profile("dev", session: null, role: null)));

        Assert.Equal(StsFailureKind.NoCredentials, ex.Kind);
        Assert.Equal("The AWS profile 'dev' uses IAM Identity Center but has no sso_role_name: fix it in your AWS config, or run `aws configure sso --profile dev`.", ex.Message);
    }

    [Fact]
    public void From_AccountIdNotTwelveDigits_NamesSsoAccountId()
    {
        var ex = Assert.Throws<StsException>(() => SsoSettings.From(Profile("dev", account: "12345")));

        Assert.Contains("has an invalid sso_account_id: must be 12 digits, got '12345'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_RegionThatIsNotARegion_NamesSsoRegion()
    {
        var ex = Assert.Throws<StsException>(() => SsoSettings.From(Profile("dev", region: "evil.example.com/x")));

        Assert.Contains("has an invalid sso_region", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_RoleNameWithUrlCharacters_IsRejected()
    {
        var ex = Assert.Throws<StsException>(() => SsoSettings.From(Profile("dev", role: "Dev&account_id=999999999999")));

        Assert.Contains("has an invalid sso_role_name", ex.Message, StringComparison.Ordinal);
    }
}
