using System.Text.Json;

namespace SwitchRole.Host.Tests.Cli;

public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_AssumableRole_PrintsAssumableAndSendsShortestRecognisableSession()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("check", "--account", "2222-2222-2222", "--role", "Admin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ACCOUNT       ROLE   RESULT\n222222222222  Admin  assumable\n1 of 1 assumable.\n", result.Out.ReplaceLineEndings("\n"));
        var request = Assert.Single(cli.Fake.Requests);
        Assert.Equal("AssumeRole", request.Action);
        Assert.Equal("arn:aws:iam::222222222222:role/Admin", request.Parameters["RoleArn"]);
        Assert.Equal("900", request.Parameters["DurationSeconds"]);
        Assert.Matches("^switchrole-check(-[A-Za-z0-9+=,.@_-]+)?$", request.Parameters["RoleSessionName"]);
        Assert.True(request.SignatureValid);
    }

    [Fact]
    public async Task Check_All_ReportsEachOutcomeAndExits6()
    {
        await using var cli = new AwsCliHarness();
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin");
        await cli.RunAsync("add", "--account", "333333333333", "--role", "Deploy");
        await cli.RunAsync("add", "--account", "444444444444", "--role", "Typo");
        await cli.RunAsync("add", "--account", "555555555555", "--role", "Busy");
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        cli.Fake.Roles["arn:aws:iam::333333333333:role/Deploy"] = new FakeRole(FakeRoleKind.DenyByCallerPolicy);
        cli.Fake.Roles["arn:aws:iam::555555555555:role/Busy"] = new FakeRole(FakeRoleKind.ThrottleOnce);

        var result = await cli.RunAsync("check", "--all", "--json");

        Assert.Equal(6, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(4, json.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("assumable").GetInt32());
        var status = json.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("roleName").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("assumable", status["Admin"]);
        Assert.Equal("denied-by-caller-policy", status["Deploy"]);
        Assert.Equal("denied-by-trust-policy", status["Typo"]);
        Assert.Equal("assumable", status["Busy"]);
        Assert.Equal(2, cli.Fake.Requests.Count(r => r.Parameters.GetValueOrDefault("RoleArn") == "arn:aws:iam::555555555555:role/Busy"));
    }

    [Fact]
    public async Task Check_DeniedRole_TableExplainsWhichPolicyAndHowToFix()
    {
        await using var cli = new AwsCliHarness();

        var result = await cli.RunAsync("check", "--account", "444444444444", "--role", "Typo");

        Assert.Equal(6, result.ExitCode);
        Assert.Contains("444444444444  Typo  denied-by-trust-policy", result.Out, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::444444444444:role/Typo: denied by the role's trust policy, or the role does not exist", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ProfileWithMfaSerialAndDeniedRole_ReportsMfaRequired()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsCredentials($"[base]\naws_access_key_id = {AwsCliHarness.AccessKeyId}\naws_secret_access_key = {AwsCliHarness.SecretAccessKey}\n");
        cli.WriteAwsConfig("[profile base]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n");
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "123456");

        var result = await cli.RunAsync("check", "--profile", "base", "--account", "222222222222", "--role", "Admin", "--json");

        Assert.Equal(6, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var only = json.RootElement.GetProperty("results")[0];
        Assert.Equal("mfa-required", only.GetProperty("status").GetString());
        Assert.Contains("arn:aws:iam::111111111111:mfa/alice", only.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InvalidCredentials_StopsWithOneSentenceInsteadOfATable()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Fault = FakeStsFault.InvalidClientTokenId;

        var result = await cli.RunAsync("check", "--account", "222222222222", "--role", "Admin");

        Assert.Equal(6, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal("switchrole: AWS rejected your credentials (unknown access key or wrong secret): fix the profile or environment variables they come from.", result.Error.Trim());
    }

    [Theory]
    [InlineData(new[] { "check" }, "--account: is required (or pass --all")]
    [InlineData(new[] { "check", "--all", "--role", "Admin" }, "--all: cannot be combined")]
    [InlineData(new[] { "check", "--account", "12", "--role", "Admin" }, "--account: must be 12 digits")]
    public async Task Check_BadArguments_Exit2NamingTheOption(string[] args, string message)
    {
        await using var cli = new AwsCliHarness();

        var result = await cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Check_ProfileChainedToSsoProfile_AssumesFromPortalCredentialsAndReportsAssumable()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsConfig("[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Base\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n\n"
            + "[profile ops]\nrole_arn = arn:aws:iam::111111111111:role/Ops\nsource_profile = sso\nregion = us-east-1\n");
        cli.WriteSsoLogin("corp", "aoaAAAAAGCHECKssoTOKEN0123456789abcdefghijklmnop", DateTimeOffset.UtcNow.AddHours(1));
        cli.Fake.SsoAssignments["111111111111/Base"] = FakeSsoAssignment.Allow;
        cli.Fake.Roles["arn:aws:iam::111111111111:role/Ops"] = new FakeRole(FakeRoleKind.Allow);
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);

        var result = await cli.RunAsync("check", "--account", "222222222222", "--role", "Admin", "--profile", "ops");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("222222222222  Admin  assumable", result.Out, StringComparison.Ordinal);
        Assert.Equal(["/federation/credentials", "/", "/"], cli.Fake.Requests.Select(r => r.Path));
        Assert.Contains($"Credential={Assert.Single(cli.Fake.SsoIssuedAccessKeyIds)}/", cli.Fake.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.All(cli.Fake.Requests.Skip(1), r => Assert.True(r.SignatureValid));
    }

    [PosixFact]
    public async Task CheckAll_ShowsProgressOnStderrOnlyWhenItIsATerminal()
    {
        await using var cli = new AwsCliHarness();
        foreach (var account in new[] { "222222222222", "333333333333", "444444444444" })
        {
            await cli.RunAsync("add", "--account", account, "--role", "Admin");
            cli.Fake.Roles[$"arn:aws:iam::{account}:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        }

        // A pipe (a script, a CI log) gets the results and nothing else.
        var piped = await cli.RunAsync("check", "--all");
        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.Equal("", piped.Error);
        Assert.DoesNotContain("checked", piped.Out, StringComparison.Ordinal);

        // A person at a terminal sees each role go by on stderr, erased at the end; stdout (a file here) has the results alone.
        var (exit, terminal, stdout) = await cli.RunWithStderrOnTerminalAsync("check", "--all");
        Assert.True(exit == 0, terminal);
        Assert.Matches(@"\rchecked 1 of 3: Admin in \d{12}\u001b\[K", terminal);
        Assert.Matches(@"\rchecked 3 of 3: Admin in \d{12}\u001b\[K\r\u001b\[K", terminal);
        Assert.DoesNotContain("assumable", terminal, StringComparison.Ordinal);
        Assert.Contains("3 of 3 assumable.", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("checked", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", stdout, StringComparison.Ordinal);
    }
}
