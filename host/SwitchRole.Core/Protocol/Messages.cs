using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Protocol;

// Every request, result and event of host/PROTOCOL.md, record for record. Requests arrive as untrusted JSON:
// every member is optional here and validated by the handler, so a missing field gets a named error.

public static class ProtocolInfo
{
    public const int Version = 1;
}

public sealed record HelloRequest(string? Browser, string? ExtensionVersion);

public sealed record HelloResult(
    string HostVersion,
    int ProtocolVersion,
    IReadOnlyList<string> Capabilities,
    string DatabasePath,
    long Revision,
    string? DatabaseError);

/// <summary>The role object of the protocol and of <c>switchrole list --json</c>.</summary>
public sealed record RoleDto(
    string AccountId,
    string RoleName,
    string DisplayName,
    string? Color,
    string? Region,
    string? BaseAccountId,
    string? Group,
    string Origin,
    string CreatedAt,
    string UpdatedAt,
    string? LastUsedAt,
    long UseCount)
{
    public static RoleDto From(RoleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.AccountId,
            entry.RoleName,
            entry.DisplayName,
            entry.Color,
            entry.Region,
            entry.BaseAccountId,
            entry.Group,
            entry.Origin,
            FormatTime(entry.CreatedAt),
            FormatTime(entry.UpdatedAt),
            entry.LastUsedAt is { } used ? FormatTime(used) : null,
            entry.UseCount);
    }

    /// <summary>This entry as a JSON object, member for member as <see cref="ProtocolJsonContext"/> writes it.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("accountId", AccountId);
        w.WriteString("roleName", RoleName);
        w.WriteString("displayName", DisplayName);
        w.WriteString("color", Color);
        w.WriteString("region", Region);
        w.WriteString("baseAccountId", BaseAccountId);
        w.WriteString("group", Group);
        w.WriteString("origin", Origin);
        w.WriteString("createdAt", CreatedAt);
        w.WriteString("updatedAt", UpdatedAt);
        w.WriteString("lastUsedAt", LastUsedAt);
        w.WriteNumber("useCount", UseCount);
        w.WriteEndObject();
    }

    /// <summary>UTC, ISO 8601, millisecond precision.</summary>
    /// <remarks>Written by hand: a custom format string is parsed on every call, three times per entry in a 20,000-entry list.</remarks>
    public static string FormatTime(DateTimeOffset time) => string.Create(TimeLength, time, static (span, t) => FormatTime(t, span));

    /// <summary>The length of a <see cref="FormatTime(DateTimeOffset)"/> text.</summary>
    public const int TimeLength = 24;

    /// <summary><see cref="FormatTime(DateTimeOffset)"/> into <paramref name="destination"/>: chars, or UTF-8 bytes for a JSON writer.</summary>
    public static void FormatTime<T>(DateTimeOffset time, Span<T> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        var t = time.UtcDateTime;
        var (year, month, day) = t;
        var span = destination[..TimeLength];
        Digits(span[..4], year);
        span[4] = T.CreateTruncating('-');
        Digits(span.Slice(5, 2), month);
        span[7] = T.CreateTruncating('-');
        Digits(span.Slice(8, 2), day);
        span[10] = T.CreateTruncating('T');
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = T.CreateTruncating(':');
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = T.CreateTruncating(':');
        Digits(span.Slice(17, 2), t.Second);
        span[19] = T.CreateTruncating('.');
        Digits(span.Slice(20, 3), t.Millisecond);
        span[23] = T.CreateTruncating('Z');
    }

    private static void Digits<T>(Span<T> destination, int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = T.CreateTruncating('0' + (value % 10));
            value /= 10;
        }
    }
}

/// <summary>An entry as a caller sends it: raw values, validated by <see cref="RoleValidator"/>.</summary>
public sealed record RoleInputDto(
    string? AccountId,
    string? RoleName,
    string? DisplayName,
    string? Color,
    string? Region,
    string? BaseAccountId,
    string? Group,
    string? Origin)
{
    public RoleInput ToInput() => new(AccountId, RoleName, DisplayName, Color, Region, BaseAccountId, Group, Origin);

    /// <summary>Reads one entry of a request; <paramref name="path"/> (<c>roles[3]</c>) names it in errors.</summary>
    public static RoleInputDto Read(JsonElement e, string path) => new(
        JsonFields.OptionalString(e, "accountId", path + ".accountId"),
        JsonFields.OptionalString(e, "roleName", path + ".roleName"),
        JsonFields.OptionalString(e, "displayName", path + ".displayName"),
        JsonFields.OptionalString(e, "color", path + ".color"),
        JsonFields.OptionalString(e, "region", path + ".region"),
        JsonFields.OptionalString(e, "baseAccountId", path + ".baseAccountId"),
        JsonFields.OptionalString(e, "group", path + ".group"),
        JsonFields.OptionalString(e, "origin", path + ".origin"));
}

public sealed record RolesListRequest(string? Search, string? AccountId, string? Group, long? SinceRevision = null)
{
    public static RolesListRequest Read(JsonElement e) => new(
        JsonFields.OptionalString(e, "search", "search"),
        JsonFields.OptionalString(e, "accountId", "accountId"),
        JsonFields.OptionalString(e, "group", "group"),
        JsonFields.OptionalInt64(e, "sinceRevision", "sinceRevision"));
}

public sealed record RolesListResult(long Revision, int Total, int Part, int Parts, IReadOnlyList<RoleDto> Roles);

/// <summary>An entry's identity: the <c>deleted</c> members of a <c>roles.list</c> delta.</summary>
public sealed record RoleKeyDto(string AccountId, string RoleName)
{
    public void WriteTo(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("accountId", AccountId);
        w.WriteString("roleName", RoleName);
        w.WriteEndObject();
    }
}

/// <summary>
/// One part of a <c>roles.list</c> answer to <c>sinceRevision</c>: entries written after <see cref="Since"/>
/// (<see cref="Total"/> of them over all parts), keys no longer live, and <see cref="Live"/>, the number of live entries.
/// </summary>
public sealed record RolesChangesResult(long Revision, long Since, int Total, int Live, int Part, int Parts, IReadOnlyList<RoleDto> Roles, IReadOnlyList<RoleKeyDto> Deleted);

public sealed record RolesUpsertRequest(IReadOnlyList<RoleInputDto?>? Roles, RoleInputDto? Role)
{
    public static RolesUpsertRequest Read(JsonElement e)
    {
        List<RoleInputDto?>? roles = null;
        if (JsonFields.OptionalArray(e, "roles", "roles") is { } array)
        {
            roles = new List<RoleInputDto?>(array.GetArrayLength());
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                var path = $"roles[{i++}]";
                roles.Add(item.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Object => RoleInputDto.Read(item, path),
                    _ => throw JsonFields.WrongType(path),
                });
            }
        }

        var role = JsonFields.OptionalObject(e, "role", "role") is { } one ? RoleInputDto.Read(one, "role") : null;
        return new(roles, role);
    }
}

/// <summary><see cref="Roles"/> is null when the request had more than 100 entries (it would not fit one frame).</summary>
public sealed record RolesUpsertResult(long Revision, int Added, int Updated, int Unchanged, IReadOnlyList<RoleDto>? Roles)
{
    public void WriteMembers(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("revision", Revision);
        w.WriteNumber("added", Added);
        w.WriteNumber("updated", Updated);
        w.WriteNumber("unchanged", Unchanged);
        if (Roles is null)
        {
            w.WriteNull("roles");
            return;
        }

        w.WriteStartArray("roles");
        foreach (var role in Roles)
        {
            role.WriteTo(w);
        }

        w.WriteEndArray();
    }
}

/// <summary>Names one entry: <c>roles.delete</c> and <c>roles.touch</c>.</summary>
public sealed record RoleKeyRequest(string? AccountId, string? RoleName)
{
    public static RoleKeyRequest Read(JsonElement e) => new(JsonFields.OptionalString(e, "accountId", "accountId"), JsonFields.OptionalString(e, "roleName", "roleName"));
}

public sealed record RolesDeleteResult(long Revision, bool Deleted)
{
    public void WriteMembers(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("revision", Revision);
        w.WriteBoolean("deleted", Deleted);
    }
}

public sealed record RolesTouchResult(long Revision, RoleDto Role)
{
    public void WriteMembers(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("revision", Revision);
        w.WritePropertyName("role");
        Role.WriteTo(w);
    }
}

public sealed record ErrorBody(int Code, string Name, string Message, string? Field)
{
    public void WriteTo(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteNumber("code", Code);
        w.WriteString("name", Name);
        w.WriteString("message", Message);
        w.WriteString("field", Field);
        w.WriteEndObject();
    }
}

public sealed record ChangedEvent(string Event, long Revision)
{
    public static ChangedEvent For(long revision) => new("changed", revision);

    /// <summary>The event's frame.</summary>
    public byte[] ToFrame() => ProtocolJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("event", Event);
        w.WriteNumber("revision", Revision);
        w.WriteEndObject();
    });
}

// import.preview, import.apply, restore.preview, restore.apply (PROTOCOL.md "Import, export and backup").

/// <summary>A file for import or restore: <see cref="Text"/> (pasted text) or <see cref="Data"/> (the file's bytes, base64), not both.</summary>
public sealed record ImportRequest(string? Text, string? Data, string? FileName, string? Format, string? Source, string? ExpectPlan);

/// <summary>One field an update changes.</summary>
public sealed record FieldChangeDto(string Field, string? From, string? To);

/// <summary>One entry of an import or restore diff; <see cref="Changes"/> only for updates.</summary>
public sealed record ImportChangeDto(string AccountId, string RoleName, string DisplayName, int Line, IReadOnlyList<FieldChangeDto>? Changes);

public sealed record ImportSkippedDto(int Line, int Column, string Name, string Kind, string Reason);

public sealed record ImportProblemDto(string File, int Line, int Column, string Field, string Reason);

/// <summary>Complete counts; the lists beside them may be shorter (see <see cref="ImportReportDto.ListsTruncated"/>).</summary>
public sealed record ImportCountsDto(int Read, int Added, int Updated, int Unchanged, int Deleted, int KeptDeleted, int DeletionsRecorded, int Skipped, int Warnings, int Errors);

/// <summary>The dry-run diff (preview) or what was written (apply) of an import or a restore.</summary>
public sealed record ImportReportDto(
    string Kind,
    bool Applied,
    bool PlanChanged,
    string FileName,
    string Format,
    ImportCountsDto Counts,
    IReadOnlyList<ImportChangeDto> Added,
    IReadOnlyList<ImportChangeDto> Updated,
    IReadOnlyList<ImportChangeDto> Unchanged,
    IReadOnlyList<ImportChangeDto> Deleted,
    IReadOnlyList<ImportChangeDto> KeptDeleted,
    IReadOnlyList<ImportSkippedDto> Skipped,
    IReadOnlyList<ImportProblemDto> Warnings,
    IReadOnlyList<ImportProblemDto> Errors,
    bool ErrorsTruncated,
    bool ListsTruncated,
    IReadOnlyList<string> Notes,
    string? Plan,
    long Revision)
{
    /// <summary>Restore only: the backup's team sources, <c>added</c> or <c>kept</c> (this machine has one of that name).</summary>
    public IReadOnlyList<RestoreSourceDto> Sources { get; init; } = [];

    /// <summary>Restore only: the backup's local overrides, <c>applied</c> or <c>kept</c> (this machine's is as new or newer).</summary>
    public IReadOnlyList<RestoreOverrideDto> Overrides { get; init; } = [];
}

/// <summary>A team source of a restore; <c>location</c> is redacted (no query string).</summary>
public sealed record RestoreSourceDto(string Name, string Location, string Action, int Line);

/// <summary>A local override of a restore.</summary>
public sealed record RestoreOverrideDto(string AccountId, string RoleName, string? DisplayName, string? Color, string? Group, string Action, int Line);

/// <summary><c>export</c>: <c>json</c> (default), <c>aesr</c>, <c>csv</c> or <c>links</c>.</summary>
public sealed record ExportRequest(string? Format);

/// <remarks>
/// The wire format of the everyday messages as System.Text.Json writes them. <c>switchrole-host</c> reads and writes
/// these by hand (each record's <c>Read</c>, <c>WriteTo</c>, <c>WriteMembers</c>), so that the process every browser
/// connect starts carries no JsonSerializer, about a quarter of its type data (docs/performance.md); tests hold each
/// hand-written member to this context's output (MessagesTests).
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RoleDto))]
[JsonSerializable(typeof(List<RoleDto>))]
[JsonSerializable(typeof(RolesListRequest))]
[JsonSerializable(typeof(RolesListResult))]
[JsonSerializable(typeof(RolesChangesResult))]
[JsonSerializable(typeof(RoleKeyDto))]
[JsonSerializable(typeof(RolesUpsertRequest))]
[JsonSerializable(typeof(RolesUpsertResult))]
[JsonSerializable(typeof(RoleKeyRequest))]
[JsonSerializable(typeof(RolesDeleteResult))]
[JsonSerializable(typeof(RolesTouchResult))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ChangedEvent))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;

/// <summary>
/// The messages of imports, restores and exports, apart from <see cref="ProtocolJsonContext"/>: those actions run in
/// <c>switchrole worker</c>, and a context compiles in metadata for all its types, so the browser-started host
/// carries only the everyday ones.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ImportRequest))]
[JsonSerializable(typeof(ImportChangeDto))]
[JsonSerializable(typeof(ImportSkippedDto))]
[JsonSerializable(typeof(ImportProblemDto))]
[JsonSerializable(typeof(ImportReportDto))]
[JsonSerializable(typeof(ExportRequest))]
public sealed partial class ImportJsonContext : JsonSerializerContext;
