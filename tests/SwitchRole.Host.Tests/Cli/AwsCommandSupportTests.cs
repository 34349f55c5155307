
namespace SwitchRole.Host.Tests.Cli;

public sealed class AwsCommandSupportTests
{
    [Fact]
    public async Task RunAsync_EveryAwsCommand_LeavesNoSecretInAnyFileUnderSwitchRoleHome()
    {
        await using var cli = new AwsCliHarness();
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin", "--name", "Prod admin");
        await cli.RunAsync("add", "--account", "333333333333", "--role", "Denied");

        var runs = new[]
        {
            await cli.RunAsync("whoami"),
            await cli.RunAsync("check", "--all"),
            await cli.RunAsync("open", "Prod admin", "--print"),
            await cli.RunAsync("open", "--account", "222222222222", "--role", "Admin", "--browser", "/bin/false"),
        };
        cli.Fake.Fault = FakeStsFault.ExpiredToken;
        var expired = await cli.RunAsync("check", "--all");

        Assert.Equal([0, 6, 0, 6], runs.Select(r => r.ExitCode));
        Assert.Equal(6, expired.ExitCode);
        Assert.NotEmpty(cli.Fake.IssuedSecrets);
        var files = Directory.EnumerateFiles(cli.SwitchRoleHome, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        var logs = files.Where(f => f.Contains($"{Path.DirectorySeparatorChar}logs{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs, f => File.ReadAllText(f).Contains("open: arn:aws:iam::222222222222:role/Admin", StringComparison.Ordinal));
        Assert.Empty(cli.FindLeaks());

        // The sign-in URL went to stdout (the one place it belongs), so the scan above is not vacuous.
        Assert.Contains(cli.Fake.IssuedSecrets, s => runs[2].Out.Contains(Uri.EscapeDataString(s), StringComparison.Ordinal) || runs[2].Out.Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EveryAwsCommandWithSsoProfile_LeavesNoSsoTokenOrPortalKeyInAnyFile()
    {
        await using var cli = new AwsCliHarness();
        cli.UseProfileOnly();
        cli.WriteAwsConfig("[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Developer\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n");
        const string token = "aoaAAAAAGLEAKscanSSOtoken0123456789abcdefghijklmnopqrstuvwxyz";
        cli.WriteSsoLogin("corp", token, DateTimeOffset.UtcNow.AddHours(1));
        cli.Fake.SsoAssignments["111111111111/Developer"] = FakeSsoAssignment.Allow;
        cli.Fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin", "--name", "Prod admin");

        var runs = new[]
        {
            await cli.RunAsync("whoami", "--profile", "dev"),
            await cli.RunAsync("check", "--all", "--profile", "dev"),
            await cli.RunAsync("open", "Prod admin", "--print", "--profile", "dev"),
        };
        cli.Fake.SsoAssignments.Clear();
        var forbidden = await cli.RunAsync("whoami", "--profile", "dev");

        Assert.Equal([0, 0, 0], runs.Select(r => r.ExitCode));
        Assert.Equal(6, forbidden.ExitCode);
        Assert.Equal(3, cli.Fake.SsoIssuedAccessKeyIds.Count);
        Assert.Equal(4, cli.Fake.Requests.Count(r => r.Header("x-amz-sso_bearer_token") == token));
        Assert.Contains(token, cli.Fake.IssuedSecrets);
        Assert.Contains(token, cli.ExtraSecrets);
        Assert.Empty(cli.FindLeaks());
        Assert.All(runs.Append(forbidden), r => Assert.DoesNotContain(token, r.Out + r.Error, StringComparison.Ordinal));
    }
}
