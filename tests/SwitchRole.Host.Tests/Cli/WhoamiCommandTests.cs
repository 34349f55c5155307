using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace SwitchRole.Host.Tests.Cli;

public sealed class WhoamiCommandTests
{
    [Fact]
    public async Task Whoami_EnvironmentCredentials_PrintsAccountArnAndUserIdFromSignedCall()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.CallerAccount = "123456789012";
        cli.Fake.CallerArn = "arn:aws:iam::123456789012:user/alice";
        cli.Fake.CallerUserId = "AIDAALICE";

        var result = await cli.RunAsync("whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Account: 123456789012\nARN:     arn:aws:iam::123456789012:user/alice\nUser id: AIDAALICE\n", result.Out.ReplaceLineEndings("\n"));
        var request = Assert.Single(cli.Fake.Requests);
        Assert.Equal("GetCallerIdentity", request.Action);
        Assert.True(request.SignatureValid);
        Assert.Equal(AwsCliHarness.SessionToken, request.Header("X-Amz-Security-Token"));
        Assert.Contains($"Credential={AwsCliHarness.AccessKeyId}/", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_Json_PrintsIdentityObject()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.CallerArn = "arn:aws:sts::111111111111:assumed-role/Base/me";

        var result = await cli.RunAsync("whoami", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("111111111111", json.RootElement.GetProperty("account").GetString());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/Base/me", json.RootElement.GetProperty("arn").GetString());
        Assert.Equal("aws", json.RootElement.GetProperty("partition").GetString());
        Assert.True(json.RootElement.GetProperty("assumedRole").GetBoolean());
    }

    [Fact]
    public async Task Whoami_NoCredentialsAnywhere_OneSentenceWithFixAndExit6()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();

        var result = await cli.RunAsync("whoami");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("switchrole: No AWS credentials found: pass --profile NAME (or set AWS_PROFILE), run `aws configure` or `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", result.Error.Trim());
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Whoami_ExpiredToken_SaysExpiredAndHowToRefresh()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Fault = FakeStsFault.ExpiredToken;

        var result = await cli.RunAsync("whoami");

        Assert.Equal(6, result.ExitCode);
        Assert.StartsWith("switchrole: Your AWS credentials have expired: refresh them", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Whoami_NamedProfileInCredentialsFile_SignsWithThatProfilesKey()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsCredentials("[work]\naws_access_key_id = AKIAPROFILEWORKKEY01\naws_secret_access_key = profile-secret-work-0123456789\n");
        cli.WriteAwsConfig("[profile work]\nregion = eu-central-1\n");
        cli.Fake.AddCredentials("AKIAPROFILEWORKKEY01", "profile-secret-work-0123456789");
        cli.ExtraSecrets.Add("profile-secret-work-0123456789");

        var result = await cli.RunAsync("whoami", "--profile", "work");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.Single(cli.Fake.Requests);
        Assert.True(request.SignatureValid);
        Assert.Contains("Credential=AKIAPROFILEWORKKEY01/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/sts/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_UnknownProfile_NamesItAndTheFix()
    {
        await using var cli = new AwsCliHarness();
        cli.WriteAwsConfig("[profile work]\nregion = eu-central-1\n");

        var result = await cli.RunAsync("whoami", "--profile", "nope");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("The AWS profile 'nope' is not in your AWS config or credentials file", result.Error, StringComparison.Ordinal);
        Assert.Contains("aws configure list-profiles", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_EndpointUnreachable_SaysNetworkAndNamesEndpoint()
    {
        await using var cli = new AwsCliHarness();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        cli.Environment["AWS_ENDPOINT_URL_STS"] = $"http://127.0.0.1:{port}";

        var result = await cli.RunAsync("whoami");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal($"switchrole: Could not reach AWS STS at 127.0.0.1:{port}: check your network connection, VPN or proxy (HTTPS_PROXY), then try again.", result.Error.Trim());
    }

    [Fact]
    public async Task Whoami_EntriesWithoutBaseAccount_HintsSaveBaseThenSaveBaseRecordsIt()
    {
        await using var cli = new AwsCliHarness();
        Assert.Equal(0, (await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("add", "--account", "333333333333", "--role", "Admin", "--base-account", "999999999999")).ExitCode);

        var hinted = await cli.RunAsync("whoami");
        var saved = await cli.RunAsync("whoami", "--save-base");
        var list = await cli.RunAsync("list", "--json");

        Assert.Contains("1 entry has no base account. To record 111111111111 for them: switchrole whoami --save-base", hinted.Error, StringComparison.Ordinal);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        Assert.Contains("Recorded 111111111111 as the base account of 1 entry.", saved.Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(list.Out);
        var bases = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("accountId").GetString()!, e => e.GetProperty("baseAccountId").GetString());
        Assert.Equal("111111111111", bases["222222222222"]);
        Assert.Equal("999999999999", bases["333333333333"]);
    }

    [Fact]
    public async Task Whoami_ProfileWithRoleArnAndSourceProfile_AssumesTheProfilesRoleFirst()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsCredentials($"[base]\naws_access_key_id = {AwsCliHarness.AccessKeyId}\naws_secret_access_key = {AwsCliHarness.SecretAccessKey}\n");
        cli.WriteAwsConfig("[profile ops]\nrole_arn = arn:aws:iam::111111111111:role/Ops\nsource_profile = base\nregion = us-west-2\n");
        cli.Fake.Roles["arn:aws:iam::111111111111:role/Ops"] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("whoami", "--profile", "ops");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["AssumeRole", "GetCallerIdentity"], cli.Fake.Requests.Select(r => r.Action));
        Assert.Equal("arn:aws:iam::111111111111:role/Ops", cli.Fake.Requests[0].Parameters["RoleArn"]);
        Assert.Contains($"Credential={AwsCliHarness.AccessKeyId}/", cli.Fake.Requests[0].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("Credential=ASIA", cli.Fake.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.All(cli.Fake.Requests, r => Assert.True(r.SignatureValid));
    }

    private const string SsoConfig = "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Developer\nregion = eu-west-1\n\n"
        + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n";

    private const string SsoToken = "aoaAAAAAGCLIssoACCESStoken0123456789abcdefghijklmnopqrstuvwxyz";

    [Fact]
    public async Task Whoami_SsoSessionProfile_UsesCachedLoginAndPortalCredentialsWithoutPrintingSecrets()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsConfig(SsoConfig);
        cli.WriteSsoLogin("corp", SsoToken, DateTimeOffset.UtcNow.AddHours(4));
        cli.Fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        cli.Fake.CallerAccount = "123456789012";
        cli.Fake.CallerArn = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice";

        var result = await cli.RunAsync("whoami", "--profile", "dev");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Account: 123456789012\nARN:     arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(["/federation/credentials", "/"], cli.Fake.Requests.Select(r => r.Path));
        var portal = cli.Fake.Requests[0];
        Assert.Equal("Developer", portal.Parameters["role_name"]);
        Assert.Equal("123456789012", portal.Parameters["account_id"]);
        Assert.Equal(SsoToken, portal.Header("x-amz-sso_bearer_token"));
        Assert.True(cli.Fake.Requests[1].SignatureValid);
        Assert.Contains($"Credential={Assert.Single(cli.Fake.SsoIssuedAccessKeyIds)}/", cli.Fake.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sts/aws4_request", cli.Fake.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.All(cli.Fake.IssuedSecrets, secret => Assert.DoesNotContain(secret, result.Out + result.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whoami_SsoLoginExpired_SaysRunSsoLoginAndExit6()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsConfig(SsoConfig);
        cli.WriteSsoLogin("corp", SsoToken, DateTimeOffset.UtcNow.AddMinutes(-1));
        cli.Fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;

        var result = await cli.RunAsync("whoami", "--profile", "dev");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("switchrole: Your IAM Identity Center session for profile 'dev' has expired: run `aws sso login --profile dev` and try again.", result.Error.Trim());
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Whoami_AwsProfileNamesLegacySsoProfile_UsesItThroughTheEnvironment()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsConfig("[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-2\nsso_account_id = 210987654321\nsso_role_name = ReadOnly\n");
        cli.WriteSsoLogin("https://legacy.awsapps.com/start", SsoToken, DateTimeOffset.UtcNow.AddHours(1));
        cli.Fake.SsoAssignments["210987654321/ReadOnly"] = FakeSsoAssignment.Allow;
        cli.Environment["AWS_PROFILE"] = "legacy";

        var result = await cli.RunAsync("whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(SsoToken, cli.Fake.Requests[0].Header("x-amz-sso_bearer_token"));
        Assert.Equal("210987654321", cli.Fake.Requests[0].Parameters["account_id"]);
        Assert.True(cli.Fake.Requests[1].SignatureValid);
    }
}
