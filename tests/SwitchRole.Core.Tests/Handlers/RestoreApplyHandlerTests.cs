using System.Text.Json.Nodes;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using static SwitchRole.Core.Tests.Handlers.ImportPreviewHandlerTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class RestoreApplyHandlerTests
{
    /// <summary>A backup from another machine: two entries (one used there), and a deletion of an entry this machine has.</summary>
    private static string OtherMachineBackup()
    {
        using var other = new TempHome();
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(1));
        var store = other.OpenStore(clock);
        store.Upsert([
            RoleValidator.Validate(new RoleInput("111111111111", "Admin", "Prod admin", "ff9900")),
            RoleValidator.Validate(new RoleInput("333333333333", "Auditor", "Audit")),
            RoleValidator.Validate(new RoleInput("555555555555", "Ops", "Ops")),
        ]);
        store.Touch(new RoleKey("555555555555", "Ops"));
        store.Delete(new RoleKey("333333333333", "Auditor"));
        return BackupFormat.Write(StoreSnapshot.Take(store));
    }

    [Fact]
    public async Task PreviewThenApply_MergesEntriesAndDeletions_AndASecondRestoreChangesNothing()
    {
        using var home = new TempHome();
        Seed(home);
        var backup = OtherMachineBackup();

        var (_, preview) = await RunAsync(home, [Request(1, "restore.preview", new JsonObject { ["text"] = backup, ["fileName"] = "backup.json" })]);
        var p = preview[0]["result"]!;
        Assert.Equal(("restore", false), ((string?)p["kind"], (bool)p["applied"]!));
        Assert.Equal((1, 1), ((int)p["counts"]!["added"]!, (int)p["counts"]!["deleted"]!));
        Assert.Equal("555555555555", (string?)p["added"]![0]!["accountId"]);
        Assert.Equal("333333333333", (string?)p["deleted"]![0]!["accountId"]);
        Assert.Equal(2, home.OpenStore().List().Roles.Count);

        var (_, applied) = await RunAsync(home, [Request(2, "restore.apply", new JsonObject { ["text"] = backup, ["expectPlan"] = (string?)p["plan"] })]);
        Assert.True((bool)applied[0]["result"]!["applied"]!);
        var roles = home.OpenStore().List().Roles;
        Assert.Equal(["111111111111", "555555555555"], roles.Select(r => r.AccountId).Order());
        Assert.Equal(1, roles.Single(r => r.AccountId == "555555555555").UseCount);

        var (_, again) = await RunAsync(home, [Request(3, "restore.preview", new JsonObject { ["text"] = backup })]);
        var c = again[0]["result"]!["counts"]!;
        Assert.Equal((0, 0, 0), ((int)c["added"]!, (int)c["updated"]!, (int)c["deleted"]!));
    }

    [Fact]
    public async Task Apply_NotABackup_ListsTheErrorAndWritesNothing()
    {
        using var home = new TempHome();
        Seed(home);
        var (_, replies) = await RunAsync(home, [Request(1, "restore.apply", new JsonObject { ["text"] = "account_id,role_name\n444444444444,Ops\n" })]);

        var r = replies[0]["result"]!;
        Assert.False((bool)r["applied"]!);
        Assert.NotEmpty(r["errors"]!.AsArray());
        Assert.Equal(2, home.OpenStore().List().Roles.Count);
    }

    [Fact]
    public async Task Apply_IgnoresFormatAndSource()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Request(1, "restore.apply", new JsonObject { ["text"] = OtherMachineBackup(), ["format"] = "csv", ["source"] = "x" })]);
        Assert.True((bool)replies[0]["result"]!["applied"]!, replies[0].ToJsonString());
        Assert.Equal("json", (string?)replies[0]["result"]!["format"]);
        Assert.DoesNotContain(home.OpenStore().List().Roles, r => r.Origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal));
    }
}
