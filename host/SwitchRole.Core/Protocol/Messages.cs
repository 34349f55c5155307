using System.Globalization;
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

    /// <summary>UTC, ISO 8601, millisecond precision.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
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
}

public sealed record RolesListRequest(string? Search, string? AccountId, string? Group);

public sealed record RolesListResult(long Revision, int Total, int Part, int Parts, IReadOnlyList<RoleDto> Roles);

public sealed record RolesUpsertRequest(IReadOnlyList<RoleInputDto?>? Roles, RoleInputDto? Role);

/// <summary><see cref="Roles"/> is null when the request had more than 100 entries (it would not fit one frame).</summary>
public sealed record RolesUpsertResult(long Revision, int Added, int Updated, int Unchanged, IReadOnlyList<RoleDto>? Roles);

/// <summary>Names one entry: <c>roles.delete</c> and <c>roles.touch</c>.</summary>
public sealed record RoleKeyRequest(string? AccountId, string? RoleName);

public sealed record RolesDeleteResult(long Revision, bool Deleted);

public sealed record RolesTouchResult(long Revision, RoleDto Role);

public sealed record ErrorBody(int Code, string Name, string Message, string? Field);

public sealed record ChangedEvent(string Event, long Revision)
{
    public static ChangedEvent For(long revision) => new("changed", revision);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HelloRequest))]
[JsonSerializable(typeof(HelloResult))]
[JsonSerializable(typeof(RoleDto))]
[JsonSerializable(typeof(List<RoleDto>))]
[JsonSerializable(typeof(RolesListRequest))]
[JsonSerializable(typeof(RolesListResult))]
[JsonSerializable(typeof(RolesUpsertRequest))]
[JsonSerializable(typeof(RolesUpsertResult))]
[JsonSerializable(typeof(RoleKeyRequest))]
[JsonSerializable(typeof(RolesDeleteResult))]
[JsonSerializable(typeof(RolesTouchResult))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ChangedEvent))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
