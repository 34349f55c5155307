using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>SwitchRole JSON (<see cref="BackupDocument"/>): reading with locations for every error, and writing.</summary>
public static class BackupFormat
{
    /// <summary>Writes non-ASCII text and quotes as they are (a backup is a file, not HTML), still through the source-generated context.</summary>
    private static JsonTypeInfo<BackupDocument>? _writeTypeInfo;

    private static JsonTypeInfo<BackupDocument> WriteTypeInfo => _writeTypeInfo ??= (JsonTypeInfo<BackupDocument>)new JsonSerializerOptions(BackupJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(BackupDocument));

    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.Json, options);
        var utf8 = Encoding.UTF8.GetBytes(text);
        BackupDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8, BackupJsonContext.Default.BackupDocument);
        }
        catch (JsonException e)
        {
            var location = new SourceLocation((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "json" : e.Path.TrimStart('$', '.');
            collector.Error(location, field, Reason(e));
            return collector.Build();
        }

        if (document is null)
        {
            collector.Error(SourceLocation.Start, "json", "must be an object {\"format\": \"switchrole-backup\", \"version\": 1, \"entries\": [...]}");
            return collector.Build();
        }

        var locator = JsonLocator.Build(utf8);
        if (document.Format is not null && document.Format != BackupDocument.FormatName)
        {
            collector.Error(locator.Find("format"), "format", $"must be \"{BackupDocument.FormatName}\", got \"{RoleValidator.Printable(document.Format)}\"");
        }

        if (document.Version is null)
        {
            collector.Error(SourceLocation.Start, "version", $"missing: a SwitchRole JSON file says which version it is (\"version\": {BackupDocument.CurrentVersion})");
        }
        else if (document.Version > BackupDocument.CurrentVersion)
        {
            collector.Error(locator.Find("version"), "version",
                $"{document.Version} was written by a newer SwitchRole; this one reads version {BackupDocument.CurrentVersion}. Update SwitchRole first");
        }
        else if (document.Version < 1)
        {
            collector.Error(locator.Find("version"), "version", $"must be {BackupDocument.CurrentVersion}, got {document.Version}");
        }

        if (collector.HasErrors)
        {
            return collector.Build();
        }

        var entries = document.Entries ?? [];
        for (var i = 0; i < entries.Count && !collector.Full; i++)
        {
            var path = $"entries[{i}]";
            var e = entries[i];
            if (e is null)
            {
                collector.Error(locator.Find(path), path, "must be an object, not null");
                continue;
            }

            Located? At(string? value, string name) => value is null ? null : new Located(value, $"{path}.{name}", locator.Find($"{path}.{name}"));
            var raw = new RawEntry(path, locator.Find(path))
            {
                AccountId = At(e.AccountId, "accountId"),
                RoleName = At(e.RoleName, "roleName"),
                DisplayName = At(e.DisplayName, "displayName"),
                Color = At(e.Color, "color"),
                Region = At(e.Region, "region"),
                BaseAccountId = At(e.BaseAccountId, "baseAccountId"),
                Group = At(e.Group, "group"),
                Origin = At(e.Origin, "origin"),
                AccountField = $"{path}.accountId",
                RoleField = $"{path}.roleName",
            };
            if (e.UseCount is < 0)
            {
                collector.Error(locator.Find($"{path}.useCount"), $"{path}.useCount", "must not be negative");
                continue;
            }

            EntryHistory? history = null;
            if (e.UpdatedAt is { } updated)
            {
                history = new EntryHistory(e.CreatedAt ?? updated, updated, e.LastUsedAt, e.UseCount ?? 0);
            }

            if (EntryBuilder.Build(raw, collector, history) is { } entry)
            {
                collector.Add(entry);
            }
        }

        var tombstones = new List<TombstoneRecord>();
        var list = document.Tombstones ?? [];
        for (var i = 0; i < list.Count && !collector.Full; i++)
        {
            var path = $"tombstones[{i}]";
            var t = list[i];
            var location = locator.Find(path);
            if (t is null)
            {
                collector.Error(location, path, "must be an object, not null");
                continue;
            }

            try
            {
                var account = RoleValidator.NormalizeAccountId(t.AccountId, $"{path}.accountId");
                var role = RoleValidator.NormalizeRoleName(t.RoleName, $"{path}.roleName");
                if (t.DeletedAt is not { } deletedAt)
                {
                    collector.Error(location, $"{path}.deletedAt", "missing: a tombstone says when the entry was deleted");
                    continue;
                }

                tombstones.Add(new TombstoneRecord(account, role, deletedAt, location));
            }
            catch (ValidationException ex)
            {
                collector.Error(locator.Find(ex.Field), ex.Field, ex.Reason);
            }
        }

        var overrides = ReadOverrides(document.Overrides ?? [], locator, collector);
        var sources = ReadSources(document.Sources ?? [], locator, collector);
        return collector.Build(new BackupExtras(tombstones, overrides, sources, document.ExportedAt));
    }

    private static List<OverrideRecord> ReadOverrides(List<BackupOverride?> list, JsonLocator locator, ImportCollector collector)
    {
        var result = new List<OverrideRecord>();
        var seen = new HashSet<RoleKey>();
        for (var i = 0; i < list.Count && !collector.Full; i++)
        {
            var path = $"overrides[{i}]";
            var o = list[i];
            var location = locator.Find(path);
            if (o is null)
            {
                collector.Error(location, path, "must be an object, not null");
                continue;
            }

            try
            {
                var account = RoleValidator.NormalizeAccountId(o.AccountId, $"{path}.accountId");
                var role = RoleValidator.NormalizeRoleName(o.RoleName, $"{path}.roleName");
                var name = RoleValidator.NormalizeDisplayName(o.DisplayName, $"{path}.displayName");
                var color = RoleValidator.NormalizeColor(o.Color, $"{path}.color");
                var group = RoleValidator.Validate(new RoleInput(account, role, Group: o.Group), $"{path}.").Group;
                if (o.UpdatedAt is not { } updatedAt)
                {
                    collector.Error(location, $"{path}.updatedAt", "missing: an override says when it was made");
                    continue;
                }

                if (name is null && color is null && group is null)
                {
                    collector.Error(location, path, "overrides nothing: give displayName, color or group");
                    continue;
                }

                if (!seen.Add(new RoleKey(account, role)))
                {
                    collector.Error(location, path, $"a second override for {role} in {account}");
                    continue;
                }

                result.Add(new OverrideRecord(account, role, name, color, group, updatedAt, location));
            }
            catch (ValidationException ex)
            {
                collector.Error(locator.Find(ex.Field), ex.Field, ex.Reason);
            }
        }

        return result;
    }

    private static List<SourceRecord> ReadSources(List<BackupSource?> list, JsonLocator locator, ImportCollector collector)
    {
        var result = new List<SourceRecord>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count && !collector.Full; i++)
        {
            var path = $"sources[{i}]";
            var s = list[i];
            var location = locator.Find(path);
            if (s is null)
            {
                collector.Error(location, path, "must be an object, not null");
                continue;
            }

            try
            {
                var name = SourceAddress.NormalizeName(s.Name, $"{path}.name");
                if (s.Location is { } raw && !Path.IsPathRooted(raw.Trim()) && !raw.Contains("://", StringComparison.Ordinal) && !raw.Trim().StartsWith(AwsSourceLocation.OrganizationsPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ValidationException($"{path}.location", $"must be an absolute path or an https:// URL; got '{RoleValidator.Printable(raw)}'");
                }

                var (kind, where) = SourceAddress.Parse(s.Location, null, $"{path}.location");
                var format = RoleImporter.NormalizeFormatName(s.Format ?? "auto", $"{path}.format");
                TimeSpan? interval = null;
                if (s.IntervalMinutes is { } minutes)
                {
                    interval = minutes >= SourceDefaults.MinInterval.TotalMinutes && minutes <= SourceDefaults.MaxInterval.TotalMinutes
                        ? TimeSpan.FromMinutes(minutes)
                        : throw new ValidationException($"{path}.intervalMinutes",
                            $"must be {SourceDefaults.MinInterval.TotalMinutes} to {SourceDefaults.MaxInterval.TotalMinutes} minutes, got {minutes}");
                }

                if (!seen.Add(name))
                {
                    collector.Error(locator.Find($"{path}.name"), $"{path}.name", $"a second source named {name}");
                    continue;
                }

                result.Add(new SourceRecord(name, kind, where, format, interval, location));
            }
            catch (ValidationException ex)
            {
                collector.Error(locator.Find(ex.Field), ex.Field, ex.Reason);
            }
        }

        return result;
    }

    public static string Write(BackupSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var document = new BackupDocument
        {
            Format = BackupDocument.FormatName,
            Version = BackupDocument.CurrentVersion,
            ExportedAt = snapshot.ExportedAt.ToUniversalTime(),
            Revision = snapshot.Revision,
            Entries = [.. snapshot.Entries.Select(e => (BackupEntry?)new BackupEntry
            {
                AccountId = e.AccountId,
                RoleName = e.RoleName,
                DisplayName = e.DisplayName,
                Color = e.Color,
                Region = e.Region,
                BaseAccountId = e.BaseAccountId,
                Group = e.Group,
                Origin = e.Origin,
                CreatedAt = e.CreatedAt.ToUniversalTime(),
                UpdatedAt = e.UpdatedAt.ToUniversalTime(),
                LastUsedAt = e.LastUsedAt?.ToUniversalTime(),
                UseCount = e.UseCount,
            })],
            Tombstones = [.. snapshot.Tombstones.Select(t => (BackupTombstone?)new BackupTombstone
            {
                AccountId = t.AccountId,
                RoleName = t.RoleName,
                DeletedAt = t.DeletedAt.ToUniversalTime(),
            })],
            Overrides = [.. snapshot.Overrides.Select(o => (BackupOverride?)new BackupOverride
            {
                AccountId = o.AccountId,
                RoleName = o.RoleName,
                DisplayName = o.DisplayName,
                Color = o.Color,
                Group = o.Group,
                UpdatedAt = o.UpdatedAt.ToUniversalTime(),
            })],
            Sources = [.. snapshot.Sources.Select(s => (BackupSource?)new BackupSource
            {
                Name = s.Name,
                Location = s.Location,
                Format = s.Format,
                IntervalMinutes = s.Interval is { } interval ? (long)interval.TotalMinutes : null,
                LastSyncedAt = s.LastSyncedAt?.ToUniversalTime(),
            })],
        };
        return JsonSerializer.Serialize(document, WriteTypeInfo) + "\n";
    }

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        foreach (var marker in (string[])[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        if (!message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"invalid JSON: {message.TrimEnd('.')}";
        }

        // The serialiser names .NET types; say what the file should hold instead, from the member's name.
        var path = e.Path ?? "";
        var member = path[(Math.Max(path.LastIndexOf('.'), 0) + (path.Contains('.', StringComparison.Ordinal) ? 1 : 0))..];
        if (member.EndsWith(']'))
        {
            return "must be an object";
        }

        return member switch
        {
            "createdAt" or "updatedAt" or "lastUsedAt" or "deletedAt" or "exportedAt" or "lastSyncedAt" => "must be a date and time like 2026-11-28T09:00:00.000Z",
            "version" or "revision" or "useCount" or "intervalMinutes" => "must be a whole number",
            "entries" or "tombstones" or "overrides" or "sources" => "must be an array",
            "$" => "must be an object",
            _ => "must be a string",
        };
    }
}
