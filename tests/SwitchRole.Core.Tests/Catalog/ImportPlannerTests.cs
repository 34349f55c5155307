using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Catalog;

public sealed class ImportPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static ParsedImport Parse(string text, ImportFormat format = ImportFormat.Aesr)
    {
        var parsed = RoleImporter.Parse(text, format, new ImportOptions("f"));
        Assert.Empty(parsed.Errors);
        return parsed;
    }

    private static string Backup(params RoleEntry[] entries) => BackupFormat.Write(new BackupSnapshot(entries, [], 1, T0.AddDays(30)));

    private static RoleEntry Entry(string account, string role, string name, DateTimeOffset updated, long uses = 0) =>
        new(account, role, name, null, null, null, null, Origins.Local, T0, updated, uses > 0 ? updated : null, uses);

    [Fact]
    public void PlanImport_AgainstStore_SortsEntriesIntoAddedUpdatedAndUnchanged()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([RoleValidator.Validate(new RoleInput("111111111111", "Admin", "Same")), RoleValidator.Validate(new RoleInput("222222222222", "Admin", "Old name"))]);
        var parsed = Parse("[Same]\naws_account_id = 111111111111\nrole_name = Admin\n[New name]\naws_account_id = 222222222222\nrole_name = Admin\n[Brand new]\naws_account_id = 333333333333\nrole_name = Admin\n");

        var plan = ImportPlanner.PlanImport(parsed, store.List().Roles);
        var (applied, _) = ImportPlanner.ApplyImport(store, parsed);

        Assert.Equal((1, 1, 1), (plan.Count(PlannedAction.Add), plan.Count(PlannedAction.Update), plan.Count(PlannedAction.Unchanged)));
        Assert.Equal(plan.Changes.Select(c => (c.Key, c.Action)), applied.Changes.Select(c => (c.Key, c.Action)));
    }

    [Fact]
    public void PlanImport_FileWithoutColours_KeepsTheStoredColour()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([RoleValidator.Validate(new RoleInput("111111111111", "Admin", "Prod", "ff9900"))]);
        var parsed = Parse("account_id,role_name\n111111111111,Admin\n", ImportFormat.Csv);

        var plan = ImportPlanner.PlanImport(parsed, store.List().Roles);
        ImportPlanner.ApplyImport(store, parsed);

        Assert.Equal(PlannedAction.Unchanged, Assert.Single(plan.Changes).Action);
        var stored = Assert.Single(store.List().Roles);
        Assert.Equal(("Prod", "ff9900"), (stored.DisplayName, stored.Color));
    }

    [Fact]
    public void PlanImport_AgainstRecordsAlone_UpdatesOnlyWhatTheFileGivesAndAddsTheRest()
    {
        // The rule without a database: the stored colour stays, the new name wins, an unknown entry is added.
        var stored = Entry("111111111111", "Admin", "Prod", T0) with { Color = "ff9900" };
        var parsed = Parse("account_id,role_name,display_name\n111111111111,Admin,Production\n222222222222,Admin,New\n333333333333,Admin,\n", ImportFormat.Csv);

        var plan = ImportPlanner.PlanImport(parsed, [stored, Entry("333333333333", "Admin", "Kept", T0)]);

        Assert.Equal([PlannedAction.Update, PlannedAction.Add, PlannedAction.Unchanged], plan.Changes.Select(c => c.Action));
        Assert.Equal(["Production", "New", "Kept"], plan.Changes.Select(c => c.Name));
        Assert.Equal("ff9900", ImportPlanner.Merge(stored, parsed.Entries[0].Role).Color);
        Assert.True(plan.ChangesAnything);
    }

    [Fact]
    public void PlanRestore_SameFileTwice_SecondTimeChangesNothing()
    {
        using var home = new TempHome();
        var store = home.OpenStore(new ManualClock(T0.AddDays(40)));
        store.Upsert([RoleValidator.Validate(new RoleInput("999999999999", "Gone", "Gone"))]);
        store.Delete(new RoleKey("999999999999", "Gone"));
        var text = BackupFormat.Write(new BackupSnapshot(
            [Entry("111111111111", "Admin", "Prod", T0.AddDays(1), uses: 4), Entry("999999999999", "Gone", "Gone", T0.AddDays(2))],
            [new Tombstone("555555555555", "Old", T0.AddDays(3))], 1, T0.AddDays(30)));
        var parsed = Parse(text, ImportFormat.Json);

        var planned = ImportPlanner.PlanRestore(parsed, store.List().Roles, store.ListTombstones());
        var (first, revision) = ImportPlanner.ApplyRestore(store, parsed);
        var second = ImportPlanner.PlanRestore(parsed, store.List().Roles, store.ListTombstones());

        Assert.Equal(planned.Changes, first.Changes);
        Assert.Equal(1, first.Count(PlannedAction.Add));
        Assert.Equal(1, first.Count(PlannedAction.KeptDeleted)); // deleted here (day 40) after the backup's version (day 2)
        Assert.Equal(1, first.Count(PlannedAction.RecordTombstone));
        Assert.False(second.ChangesAnything);
        Assert.Equal(revision, store.GetRevision());
        var restored = Assert.Single(store.List().Roles);
        Assert.Equal((4L, T0.AddDays(1)), (restored.UseCount, restored.UpdatedAt));
    }

    [Fact]
    public void PlanRestore_EntryOnBothSides_LaterUpdateWinsAndUsageIsKeptFromBoth()
    {
        var local = Entry("111111111111", "Admin", "Local name", T0.AddDays(5), uses: 2);
        var parsed = Parse(Backup(Entry("111111111111", "Admin", "Backup name", T0.AddDays(3), uses: 9)), ImportFormat.Json);

        var plan = ImportPlanner.PlanRestore(parsed, [local], []);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(PlannedAction.Update, change.Action);
        Assert.Equal(("Local name", 9L, T0.AddDays(5)), (change.Result!.DisplayName, change.Result.UseCount, change.Result.LastUsedAt));
    }

    [Fact]
    public void PlanRestore_NewerBackupVersion_ReplacesTheFields()
    {
        var local = Entry("111111111111", "Admin", "Local name", T0.AddDays(1));
        var parsed = Parse(Backup(Entry("111111111111", "Admin", "Backup name", T0.AddDays(3))), ImportFormat.Json);

        var change = Assert.Single(ImportPlanner.PlanRestore(parsed, [local], []).Changes);

        Assert.Equal("Backup name", change.Result!.DisplayName);
    }

    [Fact]
    public void PlanRestore_BackupTombstoneNewerThanLocalEntry_DeletesIt_OlderOneDoesNot()
    {
        var text = BackupFormat.Write(new BackupSnapshot([], [new Tombstone("111111111111", "Admin", T0.AddDays(5)), new Tombstone("222222222222", "Admin", T0.AddDays(1))], 1, T0));
        var parsed = Parse(text, ImportFormat.Json);

        var plan = ImportPlanner.PlanRestore(parsed, [Entry("111111111111", "Admin", "A", T0.AddDays(2)), Entry("222222222222", "Admin", "B", T0.AddDays(2))], []);

        Assert.Equal([PlannedAction.Delete, PlannedAction.Unchanged], plan.Changes.Select(c => c.Action));
    }

    [Fact]
    public void PlanRestore_BackupEntryNewerThanLocalDeletion_ComesBack()
    {
        var parsed = Parse(Backup(Entry("111111111111", "Admin", "A", T0.AddDays(5))), ImportFormat.Json);

        var plan = ImportPlanner.PlanRestore(parsed, [], [new Tombstone("111111111111", "Admin", T0.AddDays(2))]);

        Assert.Equal(PlannedAction.Add, Assert.Single(plan.Changes).Action);
    }
}
