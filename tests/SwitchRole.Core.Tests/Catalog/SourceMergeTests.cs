using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Catalog;

/// <summary>The source merge rules alone: records in, a plan out, no database (the transaction is tested in SourceSyncerTests).</summary>
public sealed class SourceMergeTests
{
    private const string Origin = "team:platform";
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddDays(3);

    private static ParsedImport Parse(string ini)
    {
        var parsed = RoleImporter.Parse(ini, ImportFormat.Aesr, new ImportOptions("platform.ini", Origin));
        Assert.Empty(parsed.Errors);
        return parsed;
    }

    private static RoleEntry Stored(string account, string role, string name, string origin, string? color = null) =>
        new(account, role, name, color, null, null, null, origin, T0, T0, null, 0);

    private static SourceMergePlan Plan(ParsedImport parsed, IEnumerable<(RoleEntry Entry, DateTimeOffset? DeletedAt)> rows, IReadOnlyList<LocalOverride>? overrides = null)
    {
        var byKey = rows.ToDictionary(r => new RoleKey(r.Entry.AccountId, r.Entry.RoleName));
        var previous = byKey.Values.Where(r => r.DeletedAt is null && r.Entry.Origin == Origin).Select(r => r.Entry).ToList();
        return SourceMerge.Plan(Origin, parsed, key => byKey.TryGetValue(key, out var row) ? row : null,
            (overrides ?? []).ToDictionary(o => o.Key), previous, Now);
    }

    [Fact]
    public void Plan_NewEntry_IsAddedWithTheSourceOriginAndTheLineThatDefinesIt()
    {
        var plan = Plan(Parse("[Prod]\naws_account_id = 111111111111\nrole_name = Admin\n"), []);

        var change = Assert.Single(plan.Changes);
        Assert.Equal((SourceChangeKind.Added, "Prod", 1), (change.Kind, change.Name, change.Line));
        var row = Assert.Single(plan.Writes);
        Assert.Equal((Origin, Now, Now), (row.Origin, row.CreatedAt, row.UpdatedAt));
        Assert.Empty(plan.Removals);
    }

    [Fact]
    public void Plan_EntryThePersonDeleted_IsNotBroughtBackAndTheReasonNamesTheDay()
    {
        var deleted = Stored("111111111111", "Admin", "Prod", Origin);

        var plan = Plan(Parse("[Prod]\naws_account_id = 111111111111\nrole_name = Admin\n"), [(deleted, T0.AddDays(1))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(SourceChangeKind.KeptDeleted, change.Kind);
        Assert.StartsWith("you deleted it on 2026-11-02;", change.Detail, StringComparison.Ordinal);
        Assert.Empty(plan.Writes);
    }

    [Fact]
    public void Plan_EntryThePersonCreatedOrAnotherSourceHas_IsLeftAsItIsWithTheReason()
    {
        var mine = Stored("111111111111", "Admin", "Mine", Origins.Local);
        var theirs = Stored("222222222222", "Admin", "Theirs", "team:security");

        var plan = Plan(Parse("[A]\naws_account_id = 111111111111\nrole_name = Admin\n[B]\naws_account_id = 222222222222\nrole_name = Admin\n"),
            [(mine, null), (theirs, null)]);

        Assert.Equal([SourceChangeKind.KeptYours, SourceChangeKind.OtherSource], plan.Changes.Select(c => c.Kind));
        Assert.Equal("you created it (local); the source's version is not applied", plan.Changes[0].Detail);
        Assert.Equal("source security already provides it", plan.Changes[1].Detail);
        Assert.Empty(plan.Writes);
    }

    [Fact]
    public void Plan_OwnEntryWithALocalOverride_KeepsThePersonsNameAndTakesTheSourcesColour()
    {
        var own = Stored("111111111111", "Admin", "My prod", Origin, color: "aaaaaa");
        var mine = new LocalOverride("111111111111", "Admin", "My prod", null, null, T0);

        var plan = Plan(Parse("[Prod]\naws_account_id = 111111111111\nrole_name = Admin\ncolor = ff9900\n"), [(own, null)], [mine]);

        Assert.Equal(SourceChangeKind.Updated, Assert.Single(plan.Changes).Kind);
        var row = Assert.Single(plan.Writes);
        Assert.Equal(("My prod", "ff9900", Now), (row.DisplayName, row.Color, row.UpdatedAt));
    }

    [Fact]
    public void Plan_OwnEntryTheSameAsTheFile_IsUnchangedAndNotWritten()
    {
        var own = Stored("111111111111", "Admin", "Prod", Origin);

        var plan = Plan(Parse("[Prod]\naws_account_id = 111111111111\nrole_name = Admin\n"), [(own, null)]);

        Assert.Equal(SourceChangeKind.Unchanged, Assert.Single(plan.Changes).Kind);
        Assert.Empty(plan.Writes);
    }

    [Fact]
    public void Plan_OwnEntryTheFileDropped_IsRemovedButOtherOriginsAreNot()
    {
        var dropped = Stored("111111111111", "Old", "Old", Origin);
        var local = Stored("333333333333", "Admin", "Mine", Origins.Local);

        var plan = Plan(Parse("[Prod]\naws_account_id = 222222222222\nrole_name = Admin\n"), [(dropped, null), (local, null)]);

        Assert.Equal([new RoleKey("111111111111", "Old")], plan.Removals);
        Assert.Contains(plan.Changes, c => c is { Kind: SourceChangeKind.Removed, Name: "Old", Line: 0 });
        Assert.DoesNotContain(plan.Changes, c => c.Key.AccountId == "333333333333");
    }

    [Fact]
    public void Plan_FileWithErrors_IsRefused()
    {
        var parsed = RoleImporter.Parse("[Bad]\naws_account_id = 12\nrole_name = Admin\n", ImportFormat.Aesr, new ImportOptions("platform.ini", Origin));
        Assert.NotEmpty(parsed.Errors);

        Assert.Throws<InvalidOperationException>(() => Plan(parsed, []));
    }
}
