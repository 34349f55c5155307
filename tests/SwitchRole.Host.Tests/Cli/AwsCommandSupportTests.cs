
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
}
