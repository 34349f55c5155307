using System.Text;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

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
        Assert.Contains("  team sources added: 1\n    + platform (https://example.com/roles.ini), line 36\n", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not applied", first.Out, StringComparison.Ordinal);
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

    [Fact]
    public async Task Restore_BackupOfTeamSourceWithOverride_NewMachineGetsEverythingAndASyncKeepsTheOverride()
    {
        using var laptop = new TempHome();
        using var desktop = new TempHome();
        var team = Path.Combine(laptop.Root, "team.ini");
        File.WriteAllText(team, "[Prod admin]\naws_account_id = 111111111111\nrole_name = Admin\ncolor = ff0000\n", new UTF8Encoding(false));
        await InMemoryCli.Run(laptop, "source", "add", "platform", team);
        await InMemoryCli.Run(laptop, "add", "--account", "111111111111", "--role", "Admin", "--name", "My prod");
        await InMemoryCli.Run(laptop, "add", "--account", "222222222222", "--role", "Dev");
        await InMemoryCli.Run(laptop, "add", "--account", "333333333333", "--role", "Gone");
        await InMemoryCli.Run(laptop, "remove", "--account", "333333333333", "--role", "Gone");
        laptop.OpenStore().Touch(new RoleKey("222222222222", "Dev"));
        var file = Path.Combine(laptop.Root, "backup.json");
        var backup = await InMemoryCli.Run(laptop, "backup", "-o", file);
        Assert.True(backup.Exit == 0, backup.Error);

        var first = await InMemoryCli.Run(desktop, "restore", file);
        var state = InMemoryCli.State(desktop);
        var second = await InMemoryCli.Run(desktop, "restore", file);

        Assert.True(first.Exit == 0, first.Error + first.Out);
        Assert.Contains("  team sources added: 1\n", first.Out, StringComparison.Ordinal);
        Assert.Contains("  overrides applied: 1\n    ~ Admin in 111111111111", first.Out, StringComparison.Ordinal);
        Assert.Equal(WithoutRevision(InMemoryCli.State(laptop)), WithoutRevision(state));
        Assert.Equal(OverrideStore.List(laptop.OpenStore()), OverrideStore.List(desktop.OpenStore()));
        Assert.EndsWith("Nothing to change.\n", second.Out, StringComparison.Ordinal);
        Assert.Contains("  overrides kept (this machine's is as new or newer): 1\n", second.Out, StringComparison.Ordinal);
        Assert.Equal(state, InMemoryCli.State(desktop));
        Assert.Contains("platform", (await InMemoryCli.Run(desktop, "source", "list")).Out, StringComparison.Ordinal);

        var sync = await InMemoryCli.Run(desktop, "source", "sync", "platform");

        Assert.True(sync.Exit == 0, sync.Error + sync.Out);
        var admin = desktop.OpenStore().List().Roles.Single(r => r.RoleName == "Admin");
        Assert.Equal(("My prod", "ff0000", "team:platform"), (admin.DisplayName, admin.Color, admin.Origin));
    }

    [Theory]
    [InlineData("\"overrides\": [{ \"accountId\": \"111111111111\", \"roleName\": \"Admin\", \"color\": \"red\", \"updatedAt\": \"2026-01-01T00:00:00Z\" }]", "overrides[0].color")]
    [InlineData("\"overrides\": [{ \"accountId\": \"111111111111\", \"roleName\": \"Admin\", \"displayName\": \"x\" }]", "overrides[0].updatedAt")]
    [InlineData("\"sources\": [{ \"name\": \"platform\", \"location\": \"http://example.com/roles.ini\" }]", "sources[0].location")]
    [InlineData("\"sources\": [{ \"name\": \"bad name\", \"location\": \"https://example.com/roles.ini\" }]", "sources[0].name")]
    [InlineData("\"sources\": [{ \"name\": \"platform\", \"location\": \"relative/team.ini\" }]", "sources[0].location")]
    public async Task Restore_MalformedSourceOrOverride_LocatedErrorAndChangesNothing(string member, string field)
    {
        using var home = new TempHome();
        var file = Path.Combine(home.Root, "backup.json");
        File.WriteAllText(file, $$"""
            {
              "format": "switchrole-backup",
              "version": 1,
              "entries": [{ "accountId": "111111111111", "roleName": "Admin", "updatedAt": "2026-01-01T00:00:00Z" }],
              {{member}}
            }
            """, new UTF8Encoding(false));
        var before = InMemoryCli.State(home);

        var (exit, _, error) = await InMemoryCli.Run(home, "restore", file);

        Assert.Equal(2, exit);
        Assert.Contains($"backup.json:5:", error, StringComparison.Ordinal);
        Assert.Contains($": {field}: ", error, StringComparison.Ordinal);
        Assert.Contains("nothing was restored", error, StringComparison.Ordinal);
        Assert.Equal(before, InMemoryCli.State(home));
        Assert.Empty(SourceStore.List(home.OpenStore()));
    }

    private static string WithoutRevision(string state) => state[(state.IndexOf('\n', StringComparison.Ordinal) + 1)..];
}
