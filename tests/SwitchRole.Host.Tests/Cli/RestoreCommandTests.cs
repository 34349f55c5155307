namespace SwitchRole.Host.Tests.Cli;

public sealed class RestoreCommandTests
{
    [Fact]
    public async Task Restore_SameFileTwice_SecondTimeChangesNothing()
    {
        using var home = new TempHome();
        var file = InMemoryCli.Corpus("Golden/backup.json");

        var first = await InMemoryCli.Run(home, "restore", file);
        var state = InMemoryCli.State(home);
        var second = await InMemoryCli.Run(home, "restore", file);

        Assert.Equal((0, 0), (first.Exit, second.Exit));
        Assert.Contains("  added: 2\n", first.Out, StringComparison.Ordinal);
        Assert.Contains("  deletions recorded: 1\n", first.Out, StringComparison.Ordinal);
        Assert.Contains("  not applied: 1 team source and 0 local overrides", first.Out, StringComparison.Ordinal);
        Assert.EndsWith("Nothing to change.\n", second.Out, StringComparison.Ordinal);
        Assert.Equal(state, InMemoryCli.State(home));
        var admin = home.OpenStore().List().Roles.Single(r => r.RoleName == "ops/Admin");
        Assert.Equal((12L, "team:platform"), (admin.UseCount, home.OpenStore().List().Roles.Single(r => r.RoleName == "ReadOnly").Origin));
    }

    [Fact]
    public async Task Restore_DryRun_WritesNothing()
    {
        using var home = new TempHome();
        var before = InMemoryCli.State(home);

        var (exit, output, error) = await InMemoryCli.Run(home, "restore", InMemoryCli.Corpus("Golden/backup.json"), "--dry-run");

        Assert.True(exit == 0, error + output);
        Assert.EndsWith("Dry run: nothing was written.\n", output, StringComparison.Ordinal);
        Assert.Equal(before, InMemoryCli.State(home));
    }

    [Fact]
    public async Task Restore_NotABackup_IsInvalidInputAndChangesNothing()
    {
        using var home = new TempHome();
        var before = InMemoryCli.State(home);

        var (exit, _, error) = await InMemoryCli.Run(home, "restore", InMemoryCli.Corpus("Golden/roles.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("nothing was restored", error, StringComparison.Ordinal);
        Assert.Equal(before, InMemoryCli.State(home));
    }
}
