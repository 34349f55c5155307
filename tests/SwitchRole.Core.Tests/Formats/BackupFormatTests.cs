using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

public sealed class BackupFormatTests
{
    [Fact]
    public void Write_ThenParse_GivesBackEntriesTimesUsageAndTombstones()
    {
        var deleted = new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
        var snapshot = new BackupSnapshot(SampleEntries.Valid, [new Tombstone("333333333333", "Old", deleted)], 7, deleted.AddDays(1));

        var result = BackupFormat.Parse(BackupFormat.Write(snapshot), new ImportOptions("backup.json"));

        FormatRoundTripAsserts.SameEntries(SampleEntries.Valid, result, baseAndGroup: true);
        foreach (var e in SampleEntries.Valid)
        {
            var got = result.Entries.Single(p => p.Role.AccountId == e.AccountId && p.Role.RoleName == e.RoleName);
            Assert.Equal(e.Origin, got.Role.Origin);
            Assert.Equal(new EntryHistory(e.CreatedAt, e.UpdatedAt, e.LastUsedAt, e.UseCount), got.History);
        }

        var tombstone = Assert.Single(result.Extras!.Tombstones);
        Assert.Equal(("333333333333", "Old", deleted), (tombstone.AccountId, tombstone.RoleName, tombstone.DeletedAt));
    }

    [Fact]
    public void Write_Document_DeclaresFormatAndVersion()
    {
        var text = BackupFormat.Write(new BackupSnapshot([], [], 0, DateTimeOffset.UnixEpoch));

        Assert.Contains("\"format\": \"switchrole-backup\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
    }

    [Theory]
    [InlineData(typeof(BackupDocument), "")]
    [InlineData(typeof(BackupEntry), "entry")]
    [InlineData(typeof(BackupTombstone), "tombstone")]
    [InlineData(typeof(BackupOverride), "override")]
    [InlineData(typeof(BackupSource), "source")]
    public void Schema_EveryObject_ListsExactlyTheMembersTheReaderKnows(Type type, string definition)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host", "SwitchRole.Core", "Formats", "switchrole-backup.schema.json")))!;
        var node = definition.Length == 0 ? schema : schema["$defs"]![definition]!;

        var documented = node["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        var read = type.GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).OfType<string>().Order(StringComparer.Ordinal);

        Assert.Equal(read, documented);
    }
}
