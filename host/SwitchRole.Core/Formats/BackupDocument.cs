using System.Text.Json.Serialization;

namespace SwitchRole.Core.Formats;

/// <summary>
/// SwitchRole JSON, the backup format (schema: switchrole-backup.schema.json beside this file). Version 1.
/// Overrides' <c>group</c> and sources' <c>intervalMinutes</c> were added within version 1: older readers ignore them.
/// Readers ignore members they do not know, so a later minor addition does not break an older host;
/// a higher <see cref="Version"/> is refused with a clear message.
/// </summary>
public sealed record BackupDocument
{
    public const string FormatName = "switchrole-backup";
    public const int CurrentVersion = 1;

    [JsonPropertyName("format")]
    public string? Format { get; init; }

    [JsonPropertyName("version")]
    public int? Version { get; init; }

    [JsonPropertyName("exportedAt")]
    public DateTimeOffset? ExportedAt { get; init; }

    /// <summary>The store revision the export was taken at (informational).</summary>
    [JsonPropertyName("revision")]
    public long? Revision { get; init; }

    [JsonPropertyName("entries")]
    public List<BackupEntry?>? Entries { get; init; }

    [JsonPropertyName("tombstones")]
    public List<BackupTombstone?>? Tombstones { get; init; }

    /// <summary>A person's own display name or colour for a team entry, kept across re-syncs (team sources).</summary>
    [JsonPropertyName("overrides")]
    public List<BackupOverride?>? Overrides { get; init; }

    /// <summary>Team sources (a file path or an HTTPS URL).</summary>
    [JsonPropertyName("sources")]
    public List<BackupSource?>? Sources { get; init; }
}

public sealed record BackupEntry
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("roleName")]
    public string? RoleName { get; init; }

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("color")]
    public string? Color { get; init; }

    [JsonPropertyName("region")]
    public string? Region { get; init; }

    [JsonPropertyName("baseAccountId")]
    public string? BaseAccountId { get; init; }

    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("origin")]
    public string? Origin { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("lastUsedAt")]
    public DateTimeOffset? LastUsedAt { get; init; }

    [JsonPropertyName("useCount")]
    public long? UseCount { get; init; }
}

public sealed record BackupTombstone
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("roleName")]
    public string? RoleName { get; init; }

    [JsonPropertyName("deletedAt")]
    public DateTimeOffset? DeletedAt { get; init; }
}

public sealed record BackupOverride
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("roleName")]
    public string? RoleName { get; init; }

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("color")]
    public string? Color { get; init; }

    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record BackupSource
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>A file path or an https:// URL, as stored (a query string may hold the source's access token: the backup is the person's own file).</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }

    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>How often host mode fetches a URL source, in minutes; absent: the default.</summary>
    [JsonPropertyName("intervalMinutes")]
    public long? IntervalMinutes { get; init; }

    [JsonPropertyName("lastSyncedAt")]
    public DateTimeOffset? LastSyncedAt { get; init; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    MaxDepth = 16)]
[JsonSerializable(typeof(BackupDocument))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
