using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

/// <summary>IAM Identity Center profiles: the cached token, the portal's GetRoleCredentials, then STS with those keys.</summary>
public sealed partial class SdkStsGatewayTests
{
    [Fact]
    public async Task GetCallerIdentityAsync_SsoSessionProfile_GetsRoleCredentialsWithCachedTokenThenSignsWithThem()
    {
        await using var fake = new FakeAwsEndpoints { CallerArn = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice" };
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var identity = await sts.GetCallerIdentityAsync();

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice", identity.Arn);
        Assert.Equal(2, fake.Requests.Count);
        var portal = fake.Requests[0];
        Assert.Equal("GET", portal.Method);
        Assert.Equal("/federation/credentials", portal.Path);
        Assert.Equal("Developer", portal.Parameters["role_name"]);
        Assert.Equal("123456789012", portal.Parameters["account_id"]);
        Assert.Equal(SsoTestSupport.AccessToken, portal.Header("x-amz-sso_bearer_token"));
        Assert.Null(portal.Header("Authorization"));
        var call = fake.Requests[1];
        Assert.Equal("GetCallerIdentity", call.Action);
        Assert.True(call.SignatureValid);
        Assert.Contains($"Credential={Assert.Single(fake.SsoIssuedAccessKeyIds)}/", call.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sts/aws4_request", call.Header("Authorization"), StringComparison.Ordinal);
        Assert.NotNull(call.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task GetCallerIdentityAsync_LegacySsoProfile_ReadsTokenKeyedByStartUrl()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "https://legacy.awsapps.com/start", DateTimeOffset.UtcNow.AddHours(1), "legacy-access-token-0123456789abcdef", "https://legacy.awsapps.com/start");
        fake.AddSsoAccessToken("legacy-access-token-0123456789abcdef");
        fake.SsoAssignments["210987654321/ReadOnly"] = FakeSsoAssignment.Allow;
        using var sts = SsoTestSupport.Gateway(fake, home, "legacy");

        await sts.GetCallerIdentityAsync();

        var portal = Assert.Single(SsoTestSupport.SsoRequests(fake));
        Assert.Equal("ReadOnly", portal.Parameters["role_name"]);
        Assert.Equal("210987654321", portal.Parameters["account_id"]);
        Assert.Equal("legacy-access-token-0123456789abcdef", portal.Header("x-amz-sso_bearer_token"));
        Assert.True(fake.Requests.Single(r => r.Action == "GetCallerIdentity").SignatureValid);
    }

    [Fact]
    public async Task AssumeRoleAsync_ProfileChainedToSsoProfile_AssumesProfileRoleFromSsoCredentialsFirst()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        fake.Roles["arn:aws:iam::222222222222:role/Ops"] = new FakeRole(FakeRoleKind.Allow);
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);
        using var sts = SsoTestSupport.Gateway(fake, home, "ops");

        await sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900));

        Assert.Equal(["/federation/credentials", "/", "/"], fake.Requests.Select(r => r.Path));
        Assert.Equal("arn:aws:iam::222222222222:role/Ops", fake.Requests[1].Parameters["RoleArn"]);
        Assert.Contains($"Credential={Assert.Single(fake.SsoIssuedAccessKeyIds)}/", fake.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(RoleArn, fake.Requests[2].Parameters["RoleArn"]);
        Assert.All(fake.Requests.Skip(1), r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task GetCallerIdentityAsync_SsoTokenExpired_SaysRunSsoLoginAndCallsNothing()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddMinutes(-5));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.ExpiredCredentials, ex.Kind);
        Assert.True(ex.AffectsEveryCall);
        Assert.Equal("Your IAM Identity Center session for profile 'dev' has expired: run `aws sso login --profile dev` and try again.", ex.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_NoCachedToken_SaysNoLoginAndRunSsoLogin()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.NoCredentials, ex.Kind);
        Assert.Equal("No IAM Identity Center login found for profile 'dev' (no cached token for sso-session 'corp'): run `aws sso login --profile dev` and try again.", ex.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_TokenFileForTheOtherKey_IsNotUsed()
    {
        // A token cached under the start URL belongs to a legacy profile; an sso_session profile looks it up by session name.
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "https://corp.awsapps.com/start", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.StartsWith("No IAM Identity Center login found for profile 'dev'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_MalformedTokenFile_NamesFileAndField()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        var file = SsoTestSupport.WriteRaw(home, "corp", """{"accessToken": "abc", "expiresAt": "next tuesday"}""");
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal($"The IAM Identity Center token cache file {file} is malformed in field 'expiresAt' (it is not an ISO-8601 UTC time): run `aws sso login --profile dev` to write a new one and try again.", ex.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_PortalRejectsToken401_SaysRunSsoLoginWithoutEchoingToken()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.ExpiredCredentials, ex.Kind);
        Assert.Equal("UnauthorizedException", ex.AwsErrorCode);
        Assert.Contains("run `aws sso login --profile dev` and try again", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SsoTestSupport.AccessToken, ex.ToString(), StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_RoleNotAssigned403_SaysNotAssignedNamingRoleAndAccount()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal("ForbiddenException", ex.AwsErrorCode);
        Assert.True(ex.AffectsEveryCall);
        Assert.Equal("IAM Identity Center says role 'Developer' in account 123456789012 is not assigned to you (profile 'dev'): check sso_account_id and sso_role_name, or ask your administrator for the assignment.", ex.Message);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_PortalThrottlesOnce429_RetriesAndSucceeds()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.ThrottleOnce;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev");

        var identity = await sts.GetCallerIdentityAsync();

        Assert.Equal("111111111111", identity.Account);
        Assert.Equal(2, SsoTestSupport.SsoRequests(fake).Count);
        Assert.True(fake.Requests.Single(r => r.Action == "GetCallerIdentity").SignatureValid);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_PortalThrottlesEveryTime_ThrowsThrottledAfterEveryAttempt()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home);
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.ThrottleAlways;
        using var sts = SsoTestSupport.Gateway(fake, home, "dev", maxAttempts: 3);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.Throttled, ex.Kind);
        Assert.Equal("TooManyRequestsException", ex.AwsErrorCode);
        Assert.Equal(3, SsoTestSupport.SsoRequests(fake).Count);
        Assert.DoesNotContain(fake.Requests, r => r.Action is not null);
    }

    [Fact]
    public async Task Constructor_SsoSessionSectionMissing_NamesTheSession()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home, "[profile dev]\nsso_session = gone\nsso_account_id = 123456789012\nsso_role_name = Developer\n");

        // The SDK refuses the profile as it reads it, so the gateway cannot even be made (as for an unknown profile).
        var ex = Assert.Throws<StsException>(() => SsoTestSupport.Gateway(fake, home, "dev"));

        Assert.Equal(StsFailureKind.NoCredentials, ex.Kind);
        Assert.Contains("names sso_session 'gone', but there is no [sso-session gone] section", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_NoProfileGivenAndDefaultIsSso_UsesTheDefaultProfilesLogin()
    {
        await using var fake = new FakeAwsEndpoints();
        using var home = new TempUserHome();
        SsoTestSupport.WriteConfig(home, "[default]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n");
        SsoTestSupport.WriteToken(home, "corp", DateTimeOffset.UtcNow.AddHours(1));
        fake.AddSsoAccessToken(SsoTestSupport.AccessToken);
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        using var sts = new SdkStsGateway(new StsGatewayOptions
        {
            HomeDirectory = home.Root,
            ServiceUrl = fake.StsUrl,
            SsoServiceUrl = fake.SsoUrl,
            GetEnvironmentVariable = _ => null,
        });

        await sts.GetCallerIdentityAsync();

        Assert.Equal(SsoTestSupport.AccessToken, Assert.Single(SsoTestSupport.SsoRequests(fake)).Header("x-amz-sso_bearer_token"));
        Assert.True(fake.Requests.Single(r => r.Action == "GetCallerIdentity").SignatureValid);
    }
}
