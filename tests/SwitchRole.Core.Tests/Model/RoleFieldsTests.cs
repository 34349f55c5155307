using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Tests.Model;

/// <summary>
/// The one list of role fields (<see cref="RoleFieldNames"/>) against every shape that carries an entry across a
/// layer, and an entry with every field set carried through each mapping: a field added to one shape and forgotten
/// in another, or forgotten in a mapping, fails here.
/// </summary>
public sealed class RoleFieldsTests
{
    /// <summary>Every field set, none to its default, each value different from the others.</summary>
    private static readonly RoleEntry Full = new("111122223333", "ops/Admin", "Prod admin", "ff9900", "eu-west-1", "444455556666", "Platform", "team:platform",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), new DateTimeOffset(2026, 2, 3, 4, 5, 6, 7, TimeSpan.Zero),
        new DateTimeOffset(2026, 3, 4, 5, 6, 7, 8, TimeSpan.Zero), 42);

    [Fact]
    public void Shapes_EachCarriesExactlyTheFieldsOfItsList()
    {
        Assert.Equal(RoleFieldNames.Stored, Parameters<RoleEntry>());
        Assert.Equal(RoleFieldNames.Stored, Parameters<RoleDto>());
        Assert.Equal(RoleFieldNames.Given, Parameters<RoleInput>());
        Assert.Equal(RoleFieldNames.Given, Parameters<ValidRole>());
        Assert.Equal(RoleFieldNames.Stored, JsonNames<BackupEntry>());
        Assert.Equal([.. RoleFieldNames.Identity, .. RoleFieldNames.Overridable, "updatedAt"], JsonNames<BackupOverride>());
        Assert.Equal([.. RoleFieldNames.Identity, .. RoleFieldNames.Overridable, "updatedAt"], Parameters<LocalOverride>());
        Assert.Equal(RoleFieldNames.Stored, RoleStore.Columns.Split(", ").Select(Camel));
        Assert.Equal(RoleFieldNames.Optional, Enum.GetNames<RoleFields>().Where(n => n != nameof(RoleFields.None)).Select(Camel));
        Assert.Equal(["displayName", .. RoleFieldNames.Optional], Enum.GetNames<PresentFields>().Where(n => n is not (nameof(PresentFields.None) or nameof(PresentFields.All))).Select(Camel));
        Assert.Equal(RoleFieldNames.Given.Where(n => n != "origin").Order(StringComparer.Ordinal), CsvFormat.Columns.Select(Camel).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Full_SetsEveryField()
    {
        // The entry the round trips below carry: a field left at its default would pass them unnoticed.
        foreach (var property in typeof(RoleEntry).GetProperties().Where(p => p.DeclaringType == typeof(RoleEntry) && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var type = property.PropertyType;
            var unset = type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
            var value = property.GetValue(Full);
            Assert.False(value is null || value.Equals(unset), $"{property.Name} is not set in {nameof(Full)}");
        }
    }

    [Fact]
    public void Given_ValidatedAndStoredNew_KeepsEveryGivenField()
    {
        var input = new RoleInput(Full.AccountId, Full.RoleName, Full.DisplayName, "#FF9900", Full.Region, Full.BaseAccountId, Full.Group, Full.Origin);

        var entry = RoleValidator.Validate(input).ToNewEntry(Full.CreatedAt);

        Assert.Equal(Full with { UpdatedAt = Full.CreatedAt, LastUsedAt = null, UseCount = 0 }, entry);
    }

    [Fact]
    public void Given_MergedIntoAStoredEntry_ReplacesEveryGivenFieldAndKeepsHistory()
    {
        var stored = new RoleEntry(Full.AccountId, Full.RoleName, "Old", null, null, null, null, Full.Origin, Full.CreatedAt, Full.UpdatedAt, Full.LastUsedAt, Full.UseCount);
        var role = RoleValidator.Validate(new RoleInput(Full.AccountId, Full.RoleName, Full.DisplayName, Full.Color, Full.Region, Full.BaseAccountId, Full.Group, Origins.Local));

        Assert.Equal(Full, role.MergeInto(stored));
    }

    [Fact]
    public void Stored_WrittenAndReadBack_KeepsEveryField()
    {
        using var home = new TempHome();
        var store = home.OpenStore();

        store.Write(writer =>
        {
            writer.Put(Full, null);
            return 0;
        });

        Assert.Equal(Full, store.Find(new RoleKey(Full.AccountId, Full.RoleName)));
    }

    [Fact]
    public void Stored_AsTheProtocolsRoleObject_HasEveryFieldWithItsValue()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(RoleDto.From(Full), ProtocolJsonContext.Default.RoleDto))!.AsObject();

        Assert.Equal(RoleFieldNames.Stored, json.Select(p => p.Key));
        Assert.Equal("2026-03-04T05:06:07.008Z", (string?)json["lastUsedAt"]);
        Assert.Equal(42, (long)json["useCount"]!);
        Assert.DoesNotContain(json, p => p.Value is null);
    }

    [Fact]
    public void Stored_ThroughABackupAndARestore_ComesBackWhole()
    {
        var text = BackupFormat.Write(new BackupSnapshot([Full], [], 7, Full.UpdatedAt.AddDays(1)));
        var parsed = RoleImporter.Parse(text, ImportFormat.Json, new ImportOptions("backup.json"));
        Assert.Empty(parsed.Errors);

        var plan = ImportPlanner.PlanRestore(parsed, [], []);

        Assert.Equal(Full, Assert.Single(plan.Changes).Result);
    }

    private static List<string> Parameters<T>() =>
        [.. typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters().Select(p => Camel(p.Name!))];

    private static List<string> JsonNames<T>() =>
        [.. typeof(T).GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name)];

    /// <summary><c>base_account_id</c> or <c>BaseAccountId</c> → <c>baseAccountId</c>; the store's <c>group_name</c> is <c>group</c>.</summary>
    private static string Camel(string name)
    {
        if (name == "group_name")
        {
            return "group";
        }

        var parts = name.Split('_');
        var joined = string.Concat(parts.Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        return char.ToLowerInvariant(joined[0]) + joined[1..];
    }
}
