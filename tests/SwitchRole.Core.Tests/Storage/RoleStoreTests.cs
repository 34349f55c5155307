using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Tests.Storage;

public sealed class RoleStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private static ValidRole Role(string account, string role, string? name = null, string? color = null, string? group = null, string? region = null) =>
        RoleValidator.Validate(new RoleInput(account, role, name, color, region, Group: group));

    [Fact]
    public void Upsert_NewEntries_AreListedWithTimesAndOrigin()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0);
        var store = home.OpenStore(clock);

        var result = store.Upsert([Role("111111111111", "Admin", "Prod", "ff9900"), Role("222222222222", "ReadOnly")]);

        Assert.Equal((2, 0, 0), (result.Added, result.Updated, result.Unchanged));
        var listed = store.List().Roles;
        Assert.Equal(2, listed.Count);
        var prod = Assert.Single(listed, r => r.AccountId == "111111111111");
        Assert.Equal(("Prod", "ff9900", "local", T0, T0, (DateTimeOffset?)null, 0L), (prod.DisplayName, prod.Color, prod.Origin, prod.CreatedAt, prod.UpdatedAt, prod.LastUsedAt, prod.UseCount));
    }

    [Fact]
    public void Upsert_ExistingEntry_ReplacesGivenFieldsAndKeepsTheRest()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0);
        var store = home.OpenStore(clock);
        store.Upsert([Role("111111111111", "Admin", "Prod admin", "ff9900", "prod", "eu-west-1")]);
        store.Touch(new RoleKey("111111111111", "Admin"));
        clock.Advance(TimeSpan.FromMinutes(5));

        var result = store.Upsert([Role("111111111111", "Admin", color: "#00FF00")]);

        Assert.Equal((0, 1, 0), (result.Added, result.Updated, result.Unchanged));
        var entry = store.Find(new RoleKey("111111111111", "Admin"))!;
        Assert.Equal(("Prod admin", "00ff00", "prod", "eu-west-1", 1L), (entry.DisplayName, entry.Color, entry.Group, entry.Region, entry.UseCount));
        Assert.Equal(T0, entry.CreatedAt);
        Assert.Equal(T0.AddMinutes(5), entry.UpdatedAt);
    }

    [Fact]
    public void Upsert_EmptyOptionalFieldsFromAPerson_RemoveStoredValues()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([Role("111111111111", "Admin", "Prod", "ff9900", "prod", "eu-west-1")]);

        var edit = RoleValidator.Validate(new RoleInput("111111111111", "Admin", Color: "", Region: " ", Group: null), emptyClears: true);
        store.Upsert([edit]);

        var entry = store.Find(new RoleKey("111111111111", "Admin"))!;
        Assert.Equal(("Prod", null, null, "prod"), (entry.DisplayName, entry.Color, entry.Region, entry.Group));
    }

    [Fact]
    public void Upsert_EmptyCellsFromAFile_KeepStoredValues()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([Role("111111111111", "Admin", "Prod", "ff9900", "prod", "eu-west-1")]);

        store.Upsert([RoleValidator.Validate(new RoleInput("111111111111", "Admin", Color: "", Region: ""))]);

        var entry = store.Find(new RoleKey("111111111111", "Admin"))!;
        Assert.Equal(("ff9900", "eu-west-1"), (entry.Color, entry.Region));
    }

    [Fact]
    public void Upsert_SameValues_IsUnchangedAndKeepsTheRevision()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var first = store.Upsert([Role("111111111111", "Admin", "Prod")]);

        var again = store.Upsert([Role("111111111111", "Admin", "Prod")]);

        Assert.Equal((0, 0, 1), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal(first.Revision, again.Revision);
    }

    [Fact]
    public void Upsert_OneInvalidWriteInTheMiddle_StoresNothing()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([Role("111111111111", "Keep", "kept")]);
        var revision = store.GetRevision();

        // The store's own all-or-nothing: a failure inside the transaction rolls back every earlier write.
        Assert.Throws<InvalidOperationException>(() => store.Write<int>(writer =>
        {
            writer.Upsert(Role("222222222222", "New"));
            writer.Delete(new RoleKey("111111111111", "Keep"));
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal(revision, store.GetRevision());
        Assert.Equal(["kept"], store.List().Roles.Select(r => r.DisplayName));
    }

    [Fact]
    public void Delete_LeavesTombstoneAndHidesEntry()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0);
        var store = home.OpenStore(clock);
        store.Upsert([Role("111111111111", "Admin")]);
        clock.Advance(TimeSpan.FromHours(1));

        var deleted = store.Delete(new RoleKey("111111111111", "Admin"));
        var again = store.Delete(new RoleKey("111111111111", "Admin"));

        Assert.True(deleted.Deleted);
        Assert.False(again.Deleted);
        Assert.Empty(store.List().Roles);
        Assert.Null(store.Find(new RoleKey("111111111111", "Admin")));
        var tombstone = Assert.Single(store.ListTombstones());
        Assert.Equal(new Tombstone("111111111111", "Admin", T0.AddHours(1)), tombstone);
    }

    [Fact]
    public void Upsert_AfterDelete_BringsTheEntryBackAsNew()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0);
        var store = home.OpenStore(clock);
        store.Upsert([Role("111111111111", "Admin", "Old name")]);
        store.Touch(new RoleKey("111111111111", "Admin"));
        store.Delete(new RoleKey("111111111111", "Admin"));
        clock.Advance(TimeSpan.FromDays(1));

        var result = store.Upsert([Role("111111111111", "Admin")]);

        Assert.Equal(1, result.Added);
        var entry = Assert.Single(store.List().Roles);
        Assert.Equal(("Admin @ 111111111111", 0L, T0.AddDays(1)), (entry.DisplayName, entry.UseCount, entry.CreatedAt));
        Assert.Empty(store.ListTombstones());
    }

    [Fact]
    public void Touch_RecordsUseAndOrdersRecentFirst()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0);
        var store = home.OpenStore(clock);
        store.Upsert([Role("111111111111", "A", "alpha"), Role("222222222222", "B", "bravo"), Role("333333333333", "C", "charlie")]);

        clock.Advance(TimeSpan.FromMinutes(1));
        store.Touch(new RoleKey("333333333333", "C"));
        clock.Advance(TimeSpan.FromMinutes(1));
        var touched = store.Touch(new RoleKey("222222222222", "B"))!;
        store.Touch(new RoleKey("222222222222", "B"));

        Assert.Equal(["bravo", "charlie", "alpha"], store.List().Roles.Select(r => r.DisplayName));
        Assert.Equal(1, touched.Role.UseCount);
        Assert.Equal(2, store.Find(new RoleKey("222222222222", "B"))!.UseCount);
        Assert.Null(store.Touch(new RoleKey("444444444444", "Nope")));
    }

    [Fact]
    public void Touch_TwoUsesInOneMillisecond_ListsTheLastFirst()
    {
        using var home = new TempHome();
        var clock = new ManualClock(T0); // the clock does not move between the two switches
        var store = home.OpenStore(clock);
        store.Upsert([Role("111111111111", "A", "alpha"), Role("222222222222", "B", "bravo")]);

        store.Touch(new RoleKey("222222222222", "B"));
        store.Touch(new RoleKey("111111111111", "A"));

        Assert.Equal(["alpha", "bravo"], store.List().Roles.Select(r => r.DisplayName));
        store.Touch(new RoleKey("222222222222", "B"));
        Assert.Equal(["bravo", "alpha"], store.List().Roles.Select(r => r.DisplayName));
    }

    [Fact]
    public void List_UnusedEntries_AreOrderedByDisplayNameIgnoringCase()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([Role("111111111111", "A", "charlie"), Role("222222222222", "B", "Bravo"), Role("333333333333", "C", "alpha")]);

        Assert.Equal(["alpha", "Bravo", "charlie"], store.List().Roles.Select(r => r.DisplayName));
    }

    [Theory]
    [InlineData("PROD", new[] { "Prod admin" })]
    [InlineData("3333", new[] { "Dev" })]
    [InlineData("readonly", new[] { "Audit" })]
    [InlineData("platform", new[] { "Audit", "Dev" })]
    [InlineData("nothing-like-this", new string[0])]
    public void List_Search_MatchesNameAccountRoleOrGroup(string search, string[] expected)
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([
            Role("111111111111", "Admin", "Prod admin", group: "prod"),
            Role("222222222222", "ReadOnly", "Audit", group: "platform"),
            Role("333333333333", "Developer", "Dev", group: "Platform"),
        ]);

        Assert.Equal(expected, store.List(new RoleQuery(Search: search)).Roles.Select(r => r.DisplayName));
    }

    [Theory]
    [InlineData("CAFÉ", new[] { "Café" })]
    [InlineData("grüsse", new[] { "Bad \uFFFD bytes" })]
    [InlineData("\uFFFD", new[] { "Bad \uFFFD bytes" })]
    [InlineData("x", new string[0])]
    public void List_SearchOverNonAsciiAndInvalidUtf8_MatchesTheDecodedText(string search, string[] expected)
    {
        using var home = new TempHome();
        var store = Tests.Protocol.RoleJsonTests.StoreWith(home, [
            "'111111111111', 'Admin', 'Café', NULL, NULL, NULL, NULL, 'local', 1, 1, NULL, 0",
            "'222222222222', 'Admin', CAST(X'42616420FF206279746573' AS TEXT), NULL, NULL, NULL, 'GRÜSSE', 'local', 1, 1, NULL, 0",
        ]);

        Assert.Equal(expected, store.List(new RoleQuery(Search: search)).Roles.Select(r => r.DisplayName));
    }

    [Fact]
    public void List_RowsWrittenByHand_ReadAsMicrosoftDataSqliteReadsThem()
    {
        using var home = new TempHome();
        var store = Tests.Protocol.RoleJsonTests.StoreWith(home, [
            "'111111111111', 'Admin', 'say \"hi\" – 東京 🚢', 'ff9900', 'eu-west-1', '999999999999', 'prod', 'local', 1795849861769, 1795849861770, 1795849900001, 7",
            "'222222222222', 'Bad', CAST(X'41C328FF80EDA080C0AF42E282' AS TEXT), CAST(X'C3' AS TEXT), NULL, NULL, NULL, 'local', -62135596800000, 253402300799999, NULL, 0",
            "'333333333333', 'Numbers', 12345, NULL, 1.5, NULL, NULL, 'local', 1, 1, NULL, -3",
        ]);
        var expected = new List<RoleEntry>();
        using (var connection = store.Database.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT {RoleStore.Columns} FROM roles ORDER BY account_id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                expected.Add(RoleStore.ReadEntry(reader));
            }
        }

        Assert.Equal(expected, store.List().Roles.OrderBy(r => r.AccountId, StringComparer.Ordinal));
    }

    [Fact]
    public void List_AccountAndGroupFilters_Combine()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([
            Role("111111111111", "Admin", "a", group: "prod"),
            Role("111111111111", "ReadOnly", "b", group: "audit"),
            Role("222222222222", "Admin", "c", group: "prod"),
        ]);

        Assert.Equal(["a"], store.List(new RoleQuery(AccountId: "1111-1111-1111", Group: "PROD")).Roles.Select(r => r.DisplayName));
    }

    [Fact]
    public void Revision_MovesOnEveryChange()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var r0 = store.GetRevision();
        var r1 = store.Upsert([Role("111111111111", "Admin")]).Revision;
        var r2 = store.Touch(new RoleKey("111111111111", "Admin"))!.Revision;
        var r3 = store.Delete(new RoleKey("111111111111", "Admin")).Revision;

        Assert.True(r0 < r1 && r1 < r2 && r2 < r3, $"{r0} {r1} {r2} {r3}");
        Assert.Equal(r3, store.List().Revision);
    }

    [Fact]
    public void TwoStoresOnOneFile_SeeEachOthersWrites()
    {
        using var home = new TempHome();
        var a = home.OpenStore();
        var b = home.OpenStore();

        a.Upsert([Role("111111111111", "Admin")]);
        b.Touch(new RoleKey("111111111111", "Admin"));

        Assert.Equal(1, a.Find(new RoleKey("111111111111", "Admin"))!.UseCount);
    }

    [Fact]
    public void Touch_ManyThreadsAtOnce_CountsEveryUse()
    {
        using var home = new TempHome();
        var setup = home.OpenStore();
        setup.Upsert([Role("111111111111", "Admin")]);

        Parallel.For(0, 8, _ =>
        {
            var store = home.OpenStore();
            for (var i = 0; i < 25; i++)
            {
                store.Touch(new RoleKey("111111111111", "Admin"));
            }
        });

        Assert.Equal(200, setup.Find(new RoleKey("111111111111", "Admin"))!.UseCount);
    }

    [Fact]
    public void ListChanges_AfterAddTouchAndDelete_HasOnlyThoseAndRowsCarryTheCommittedRevision()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var first = store.Upsert([Role("111111111111", "A"), Role("222222222222", "B"), Role("333333333333", "C")]).Revision;

        var added = store.Upsert([Role("444444444444", "D")]).Revision;
        var touched = store.Touch(new RoleKey("111111111111", "A"))!.Revision;
        var deleted = store.Delete(new RoleKey("222222222222", "B")).Revision;
        var changes = store.ListChanges(first);

        Assert.Equal((first + 1, first + 2, first + 3), (added, touched, deleted));
        Assert.Equal((deleted, first, 3), (changes.Revision, changes.Since, changes.Live));
        Assert.Equal(["111111111111", "444444444444"], changes.Roles.Select(r => r.AccountId)); // List order: used first.
        Assert.Equal([new RoleKey("222222222222", "B")], changes.Deleted);
        Assert.Equal(4, store.ListChanges(0).Roles.Count + store.ListChanges(0).Deleted.Count);
        Assert.Empty(store.ListChanges(deleted).Roles);
        Assert.Empty(store.ListChanges(deleted).Deleted);
    }

    [Fact]
    public void ListChanges_NoOpWrite_KeepsRevisionAndReportsNothing()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var revision = store.Upsert([Role("111111111111", "A", name: "Same")]).Revision;

        var again = store.Upsert([Role("111111111111", "A", name: "Same")]).Revision;

        Assert.Equal(revision, again);
        Assert.Empty(store.ListChanges(revision).Roles);
    }
}
