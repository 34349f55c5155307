namespace SwitchRole.Host.Tests.Cli;

public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_ThenRestoreOnANewMachine_GivesBackEntriesUsageAndDeletions()
    {
        using var old = new TempHome();
        using var fresh = new TempHome();
        await InMemoryCli.Run(old, "import", InMemoryCli.Corpus("Golden/aws-config.ini"));
        old.OpenStore().Touch(new Core.Model.RoleKey("123456789012", "Admin"));
        await InMemoryCli.Run(old, "remove", "--account", "111122223333", "--role", "GovRole");
        var file = Path.Combine(old.Root, "backup.json");

        var (exit, output, _) = await InMemoryCli.Run(old, "backup", "-o", file);
        var restored = await InMemoryCli.Run(fresh, "restore", file);

        Assert.Equal((0, 0), (exit, restored.Exit));
        Assert.Equal($"Backed up 4 entries and 1 deletion to {file}\n", output);
        Assert.Equal(old.OpenStore().List().Roles, fresh.OpenStore().List().Roles);
        Assert.Equal(old.OpenStore().ListTombstones(), fresh.OpenStore().ListTombstones());
    }

    [Fact]
    public async Task Backup_WithoutOutput_IsRefused()
    {
        using var home = new TempHome();

        var (exit, _, error) = await InMemoryCli.Run(home, "backup");

        Assert.NotEqual(0, exit);
        Assert.Contains("--output", error, StringComparison.Ordinal);
    }
}
