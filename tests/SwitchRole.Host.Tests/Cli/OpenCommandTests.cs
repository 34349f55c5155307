using System.Web;

namespace SwitchRole.Host.Tests.Cli;

public sealed class OpenCommandTests
{
    private const string RoleArn = "arn:aws:iam::222222222222:role/Admin";

    [Fact]
    public async Task Open_Print_PrintsOnlyTheLoginUrlAfterAssumeRoleAndSigninToken()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow, MaxSessionDurationSeconds: 43200);

        var result = await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--region", "eu-west-1", "--duration", "7200", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GetCallerIdentity", "AssumeRole", "getSigninToken"], cli.Fake.Requests.Select(r => r.Action));
        var assume = cli.Fake.Requests[1];
        Assert.Equal(RoleArn, assume.Parameters["RoleArn"]);
        Assert.Equal("7200", assume.Parameters["DurationSeconds"]);
        Assert.Matches("^switchrole(-[A-Za-z0-9+=,.@_-]+)?$", assume.Parameters["RoleSessionName"]);
        Assert.Contains("/eu-west-1/sts/aws4_request", assume.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("7200", cli.Fake.Requests[2].Parameters["SessionDuration"]);
        var url = new Uri(result.Out.Trim());
        Assert.Equal(cli.Fake.FederationUrl.AbsoluteUri, url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("login", query["Action"]);
        Assert.Equal("switchrole", query["Issuer"]);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", query["Destination"]);
        Assert.Contains(query["SigninToken"], cli.Fake.IssuedSecrets);
    }

    [Fact]
    public async Task Open_StoredEntryByName_LandsInItsRegionAndRecordsTheUse()
    {
        await using var cli = new AwsCliHarness();
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin", "--name", "Prod admin", "--region", "ap-southeast-2");
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("open", "prod ADMIN", "--print");
        var list = await cli.RunAsync("list", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2",
            HttpUtility.ParseQueryString(new Uri(result.Out.Trim()).Query)["Destination"]);
        Assert.Contains("\"useCount\": 1", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SovereignCloudEntry_AssumesTheAwsEuscRoleSignedForItsRegionAndLandsOnItsRegionalConsole()
    {
        await using var cli = new AwsCliHarness();
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin", "--name", "EU sovereign", "--region", "eusc-de-east-1");
        cli.Fake.Roles["arn:aws-eusc:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("open", "EU sovereign", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        var assume = cli.Fake.Requests.Single(r => r.Action == "AssumeRole");
        Assert.Equal("arn:aws-eusc:iam::222222222222:role/Admin", assume.Parameters["RoleArn"]);
        Assert.Contains("/eusc-de-east-1/sts/aws4_request", assume.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1",
            HttpUtility.ParseQueryString(new Uri(result.Out.Trim()).Query)["Destination"]);
    }

    [Fact]
    public async Task Open_UnknownName_Exit4()
    {
        await using var cli = new AwsCliHarness();
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin");

        var result = await cli.RunAsync("open", "staging", "--print");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("no entry matches 'staging'", result.Error, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Open_ProfileWithMfaSerial_AsksOnStderrAndSendsTheCodeFromStdin()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsCredentials($"[base]\naws_access_key_id = {AwsCliHarness.AccessKeyId}\naws_secret_access_key = {AwsCliHarness.SecretAccessKey}\n");
        cli.WriteAwsConfig("[profile base]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n");
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "135790");

        var result = await cli.RunWithInputAsync("135790\n", "open", "--profile", "base", "--account", "222222222222", "--role", "Admin", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("MFA code for arn:aws:iam::111111111111:mfa/alice: ", result.Error, StringComparison.Ordinal);
        var assume = cli.Fake.Requests.Single(r => r.Action == "AssumeRole");
        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", assume.Parameters["SerialNumber"]);
        Assert.Equal("135790", assume.Parameters["TokenCode"]);
    }

    [Fact]
    public async Task Open_RoleSessionCredentials_CapsAtOneHourWithANote()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.CallerArn = "arn:aws:sts::111111111111:assumed-role/Base/alice";
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow, MaxSessionDurationSeconds: 43200);

        var result = await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--duration", "28800", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("role chaining", result.Error, StringComparison.Ordinal);
        Assert.Equal("3600", cli.Fake.Requests.Single(r => r.Action == "AssumeRole").Parameters["DurationSeconds"]);
        Assert.False(cli.Fake.Requests.Single(r => r.Action == "getSigninToken").Parameters.ContainsKey("SessionDuration"));
    }

    [Fact]
    public async Task Open_LogoutFirst_WrapsTheLoginUrlInTheLogoutRedirect()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--logout-first", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        var url = new Uri(result.Out.Trim());
        Assert.Equal(new Uri(cli.Fake.BaseUrl, "oauth").AbsoluteUri, url.GetLeftPart(UriPartial.Path));
        var inner = new Uri(HttpUtility.ParseQueryString(url.Query)["redirect_uri"]!);
        Assert.Equal("login", HttpUtility.ParseQueryString(inner.Query)["Action"]);
    }

    [Fact]
    public async Task Open_HeadlessChromiumAsBrowser_BrowserFollowsLogoutThenLoadsTheLoginUrl()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);
        var profile = Path.Combine(cli.Root, "chromium-profile");
        var browser = $"/usr/lib/chromium/chromium --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir={profile} --dump-dom %s";

        var result = await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--logout-first", "--browser", browser);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"Opened the console as {RoleArn} for 60 minutes.", result.Out.Trim());
        var login = await cli.Fake.WaitForRequestAsync(r => r.Path == "/federation" && r.Action == "login", TimeSpan.FromSeconds(30));
        Assert.NotNull(login);
        Assert.Contains(login.Parameters["SigninToken"], cli.Fake.IssuedSecrets);
        Assert.Contains(cli.Fake.Requests, r => r.Path == "/oauth" && r.Action == "logout");
    }

    [Fact]
    public async Task Open_BrowserCommandFails_SaysSoAndSuggestsPrint()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--browser", "/bin/false");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("switchrole: The browser command 'false' failed (exit code 1): check --browser (or $BROWSER), or use --print and open the URL yourself.", result.Error.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Open_RoleProfileWithMfa_AsksOnceAssumesProfileRoleThenChainsToTarget()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsCredentials($"[base]\naws_access_key_id = {AwsCliHarness.AccessKeyId}\naws_secret_access_key = {AwsCliHarness.SecretAccessKey}\n");
        cli.WriteAwsConfig("[profile ops]\nrole_arn = arn:aws:iam::111111111111:role/Ops\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n");
        cli.Fake.Roles["arn:aws:iam::111111111111:role/Ops"] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "112233");
        cli.Fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);
        cli.Fake.CallerArn = "arn:aws:sts::111111111111:assumed-role/Ops/switchrole";

        var result = await cli.RunWithInputAsync("112233\n", "open", "--profile", "ops", "--account", "222222222222", "--role", "Admin", "--print");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["AssumeRole", "GetCallerIdentity", "AssumeRole", "getSigninToken"], cli.Fake.Requests.Select(r => r.Action));
        Assert.Equal("112233", cli.Fake.Requests[0].Parameters["TokenCode"]);
        Assert.Equal(RoleArn, cli.Fake.Requests[2].Parameters["RoleArn"]);
        Assert.False(cli.Fake.Requests[2].Parameters.ContainsKey("SerialNumber"));
        Assert.Contains("Credential=ASIA", cli.Fake.Requests[2].Header("Authorization"), StringComparison.Ordinal);
        Assert.False(cli.Fake.Requests[3].Parameters.ContainsKey("SessionDuration"));
        Assert.Single(result.Error.Split("MFA code for", StringSplitOptions.None).Skip(1));
    }
}
