using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Sources;

// The JSON shapes of sources.* (host/PROTOCOL.md) and of `switchrole source ... --json`.

/// <summary>A source as the options page and <c>source list --json</c> show it. <c>location</c> is redacted for URLs.</summary>
public sealed record SourceDto(
    string Name,
    string Kind,
    string Location,
    string Format,
    int IntervalMinutes,
    string AddedAt,
    string? LastAttemptAt,
    string? LastSyncedAt,
    string? LastChangedAt,
    string Status,
    string? LastError,
    string? LastErrorAt,
    int EntryCount)
{
    public static SourceDto From(TeamSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(
            source.Name,
            source.Kind.KindName(),
            source.DisplayLocation,
            source.Format,
            (int)source.EffectiveInterval.TotalMinutes,
            RoleDto.FormatTime(source.AddedAt),
            Time(source.LastAttemptAt),
            Time(source.LastSyncedAt),
            Time(source.LastChangedAt),
            StatusOf(source),
            source.LastError,
            Time(source.LastErrorAt),
            source.EntryCount);
    }

    /// <summary><c>ok</c>, <c>failing</c> (the last sync failed; the last good entries are kept) or <c>pending</c> (never synced).</summary>
    public static string StatusOf(TeamSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Failing ? "failing" : source.LastSyncedAt is null ? "pending" : "ok";
    }

    internal static string? Time(DateTimeOffset? time) => time is { } t ? RoleDto.FormatTime(t) : null;

    /// <summary>This source as a JSON object, member for member as <see cref="SourcesJsonContext"/> writes it.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("name", Name);
        w.WriteString("kind", Kind);
        w.WriteString("location", Location);
        w.WriteString("format", Format);
        w.WriteNumber("intervalMinutes", IntervalMinutes);
        w.WriteString("addedAt", AddedAt);
        w.WriteString("lastAttemptAt", LastAttemptAt);
        w.WriteString("lastSyncedAt", LastSyncedAt);
        w.WriteString("lastChangedAt", LastChangedAt);
        w.WriteString("status", Status);
        w.WriteString("lastError", LastError);
        w.WriteString("lastErrorAt", LastErrorAt);
        w.WriteNumber("entryCount", EntryCount);
        w.WriteEndObject();
    }
}

/// <summary>One entry a sync touched or could not apply. <c>reason</c> says why for entries not applied.</summary>
public sealed record SourceEntryDto(string AccountId, string RoleName, string DisplayName, int? Line, string? Reason);

public sealed record SourceSkippedDto(int Line, string Name, string Kind, string Reason);

/// <summary>What one sync of one source did. <c>status</c>: <c>applied</c>, <c>notModified</c>, <c>failed</c> or <c>notDue</c>.</summary>
public sealed record SourceSyncDto(
    string Name,
    string Location,
    string Status,
    string? Error,
    List<SourceEntryDto> Added,
    List<SourceEntryDto> Updated,
    List<SourceEntryDto> Removed,
    int Unchanged,
    List<SourceEntryDto> NotApplied,
    List<SourceSkippedDto> Skipped,
    List<string> Warnings,
    long Revision)
{
    public static SourceSyncDto From(SourceSyncReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var changes = report.Changes?.Entries ?? [];
        List<SourceEntryDto> Of(params SourceChangeKind[] kinds) =>
            [.. changes.Where(c => kinds.Contains(c.Kind)).Select(c => new SourceEntryDto(c.Key.AccountId, c.Key.RoleName, c.Name, c.Line > 0 ? c.Line : null, c.Detail))];
        return new(
            report.Name,
            report.Location,
            report.Status switch
            {
                SyncStatus.Applied => "applied",
                SyncStatus.NotModified => "notModified",
                SyncStatus.Failed => "failed",
                _ => "notDue",
            },
            report.Error,
            Of(SourceChangeKind.Added),
            Of(SourceChangeKind.Updated),
            Of(SourceChangeKind.Removed),
            changes.Count(c => c.Kind == SourceChangeKind.Unchanged),
            Of(SourceChangeKind.KeptYours, SourceChangeKind.KeptDeleted, SourceChangeKind.OtherSource),
            report.Status == SyncStatus.Applied ? [.. (report.Parsed?.Skipped ?? []).Select(s => new SourceSkippedDto(s.Location.Line, s.Name, s.Kind, s.Reason))] : [],
            report.Status == SyncStatus.Applied ? [.. (report.Parsed?.Warnings ?? []).Select(w => w.ToString())] : [],
            report.Revision);
    }
}

public sealed record SourcesAddRequest(string? Name, string? Location, string? Format, int? IntervalMinutes);

/// <summary><c>sources.sync</c> (name optional: all sources) and <c>sources.remove</c>.</summary>
public sealed record SourceNameRequest(string? Name)
{
    public static SourceNameRequest Read(JsonElement e) => new(JsonFields.OptionalString(e, "name", "name"));
}

public sealed record SourcesListResult(long Revision, List<SourceDto> Sources)
{
    public void WriteMembers(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("revision", Revision);
        w.WriteStartArray("sources");
        foreach (var source in Sources)
        {
            source.WriteTo(w);
        }

        w.WriteEndArray();
    }
}

public sealed record SourcesSyncResult(long Revision, List<SourceSyncDto> Results);

public sealed record SourcesRemoveResult(long Revision, string Name, int Removed)
{
    public void WriteMembers(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("revision", Revision);
        w.WriteString("name", Name);
        w.WriteNumber("removed", Removed);
    }
}

/// <remarks>
/// The wire format of <c>sources.list</c> and <c>sources.remove</c>; <c>switchrole-host</c> writes them by hand (see
/// <see cref="ProtocolJsonContext"/>), tests hold the two to each other; the CLI's <c>--json</c> uses this context.
/// </remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SourceNameRequest))]
[JsonSerializable(typeof(SourcesListResult))]
[JsonSerializable(typeof(SourcesRemoveResult))]
[JsonSerializable(typeof(List<SourceDto>))]
public sealed partial class SourcesJsonContext : JsonSerializerContext
{
    private static JsonSerializerOptions? _indented;

    /// <summary>Indented, with names printed as they are: for the CLI's <c>--json</c>, read by people and scripts.</summary>
    public static JsonTypeInfo<T> Indented<T>()
    {
        _indented ??= new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, SourceSyncJsonContext.Default),
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return (JsonTypeInfo<T>)_indented.GetTypeInfo(typeof(T));
    }
}

/// <summary>
/// The messages of <c>sources.add</c> and <c>sources.sync</c>, apart from <see cref="SourcesJsonContext"/>: those
/// actions run in <c>switchrole worker</c>, so the browser-started host carries no metadata for them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SourcesAddRequest))]
[JsonSerializable(typeof(SourcesSyncResult))]
[JsonSerializable(typeof(SourceSyncDto))]
[JsonSerializable(typeof(List<SourceSyncDto>))]
public sealed partial class SourceSyncJsonContext : JsonSerializerContext;
