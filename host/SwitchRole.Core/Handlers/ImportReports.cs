using System.Security.Cryptography;
using System.Text;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary>
/// What the import and restore actions share: reading the file from the request exactly as the CLI reads a file
/// (same decoding, format detection, parsers and planner), and turning a plan into a report that fits one frame.
/// </summary>
internal static class ImportReports
{
    /// <summary>Each list holds at most this many items; the counts are always complete.</summary>
    public const int MaxListItems = 1000;

    /// <summary>Bytes all lists together may take in a frame; the rest of the 1 MiB is left for counts, notes and the envelope.</summary>
    public const int ListBudgetBytes = Framing.MaxOutboundBytes - (64 * 1024);

    public const int MaxFileNameLength = 200;

    /// <summary>Parses the request's file. Errors in the request itself (both or neither of text and data, bad base64, an unknown format) are protocol errors; errors in the file are in the result.</summary>
    public static (ImportRequest Body, ParsedImport Parsed, string FileName) Parse(Request request, bool restore)
    {
        var body = request.Read(ImportJsonContext.Default.ImportRequest);
        var fileName = string.IsNullOrWhiteSpace(body.FileName) ? (body.Data is null ? "<pasted text>" : "<file>") : RoleValidator.Printable(body.FileName.Trim());
        if (fileName.Length > MaxFileNameLength)
        {
            fileName = fileName[..MaxFileNameLength];
        }

        byte[] bytes = (body.Text, body.Data) switch
        {
            ({ } text, null) => Encoding.UTF8.GetBytes(text),
            (null, { } data) => FromBase64(data),
            (null, null) => throw new HostException(ErrorCode.InvalidField, "text: required (the file's text), or data (its bytes in base64)", "text"),
            _ => throw new HostException(ErrorCode.InvalidField, "text: send either text or data, not both", "text"),
        };

        var format = ImportFormat.Json;
        var origin = Origins.Import;
        if (!restore)
        {
            format = RoleImporter.ParseFormatName(body.Format)
                ?? throw new HostException(ErrorCode.InvalidField, $"format: must be auto, {string.Join(", ", RoleImporter.FormatNames)}; got '{RoleValidator.Printable(body.Format ?? "")}'", "format");
            if (!string.IsNullOrWhiteSpace(body.Source))
            {
                origin = RoleValidator.NormalizeOrigin(Origins.TeamPrefix + body.Source.Trim(), "source");
            }
        }

        // The same path as `switchrole import FILE`: bytes through TextInput.Decode, then detection and the parser.
        return (body, RoleImporter.Parse(bytes, format, new ImportOptions(fileName, origin)), fileName);
    }

    /// <summary>The file's entries by key (a parser lists each key once; the first wins if not).</summary>
    public static Dictionary<RoleKey, ParsedEntry> ByKey(ParsedImport parsed)
    {
        var byKey = new Dictionary<RoleKey, ParsedEntry>();
        foreach (var e in parsed.Entries)
        {
            byKey.TryAdd(e.Key, e);
        }

        return byKey;
    }

    private static byte[] FromBase64(string data)
    {
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw new HostException(ErrorCode.InvalidField, "data: is not base64", "data");
        }
    }

    /// <summary>Builds the report; <paramref name="before"/> is the store's entries before the plan (for the field changes of updates).</summary>
    public static ImportReportDto Build(string kind, ParsedImport parsed, string fileName, ImportPlan? plan, IReadOnlyList<RoleEntry> before, bool applied, bool planChanged, long revision)
    {
        var current = before.ToDictionary(e => new RoleKey(e.AccountId, e.RoleName));
        var entries = ByKey(parsed);
        var changes = plan?.Changes ?? [];

        ImportChangeDto Change(PlannedChange c)
        {
            IReadOnlyList<FieldChangeDto>? fields = null;
            if (c.Action == PlannedAction.Update && current.TryGetValue(c.Key, out var stored))
            {
                var after = c.Result ?? (entries.TryGetValue(c.Key, out var e) ? ImportPlanner.Merge(stored, e.Role) : stored);
                fields = FieldChanges(stored, after, usage: kind == "restore");
            }

            return new ImportChangeDto(c.Key.AccountId, c.Key.RoleName, c.Name, c.Location.Line, fields);
        }

        var budget = new Budget();
        var errors = budget.Take(parsed.Errors.Select(e => new ImportProblemDto(e.File, e.Location.Line, e.Location.Column, e.Field, e.Reason)), ImportJsonContext.Default.ImportProblemDto);
        var warnings = budget.Take(parsed.Warnings.Select(w => new ImportProblemDto(w.File, w.Location.Line, w.Location.Column, w.Field, w.Message)), ImportJsonContext.Default.ImportProblemDto);
        var added = budget.Take(changes.Where(c => c.Action == PlannedAction.Add).Select(Change), ImportJsonContext.Default.ImportChangeDto);
        var updated = budget.Take(changes.Where(c => c.Action == PlannedAction.Update).Select(Change), ImportJsonContext.Default.ImportChangeDto);
        var deleted = budget.Take(changes.Where(c => c.Action == PlannedAction.Delete).Select(Change), ImportJsonContext.Default.ImportChangeDto);
        var keptDeleted = budget.Take(changes.Where(c => c.Action == PlannedAction.KeptDeleted).Select(Change), ImportJsonContext.Default.ImportChangeDto);
        var skipped = budget.Take(parsed.Skipped.Select(s => new ImportSkippedDto(s.Location.Line, s.Location.Column, s.Name, s.Kind, s.Reason)), ImportJsonContext.Default.ImportSkippedDto);
        var unchanged = budget.Take(changes.Where(c => c.Action == PlannedAction.Unchanged).Select(Change), ImportJsonContext.Default.ImportChangeDto);

        var counts = new ImportCountsDto(
            parsed.Entries.Count,
            Count(changes, PlannedAction.Add),
            Count(changes, PlannedAction.Update),
            Count(changes, PlannedAction.Unchanged),
            Count(changes, PlannedAction.Delete),
            Count(changes, PlannedAction.KeptDeleted),
            Count(changes, PlannedAction.RecordTombstone),
            parsed.Skipped.Count,
            parsed.Warnings.Count,
            parsed.Errors.Count);

        return new ImportReportDto(
            kind,
            applied,
            planChanged,
            fileName,
            RoleImporter.Name(parsed.Format),
            counts,
            added,
            updated,
            unchanged,
            deleted,
            keptDeleted,
            skipped,
            warnings,
            errors,
            parsed.ErrorsTruncated,
            budget.Truncated,
            Notes(parsed, kind == "restore"),
            plan is null ? null : Digest(kind, plan, entries),
            revision)
        {
            Sources = [.. (plan?.Sources ?? []).Select(s => new RestoreSourceDto(s.Source.Name, s.DisplayLocation, s.Added ? "added" : "kept", s.Source.Position.Line))],
            Overrides = [.. (plan?.Overrides ?? []).Select(o => new RestoreOverrideDto(
                o.Override.AccountId, o.Override.RoleName, o.Override.DisplayName, o.Override.Color, o.Override.Group, o.Applied ? "applied" : "kept", o.Override.Location.Line))],
        };
    }

    /// <summary>The same notes as the CLI's summary.</summary>
    private static List<string> Notes(ParsedImport parsed, bool restore)
    {
        var notes = new List<string>();
        if (parsed.Extras is { } extras && (extras.Overrides.Count > 0 || extras.Sources.Count > 0))
        {
            notes.Add(restore
                ? $"team sources: {Plural(extras.Sources.Count, "source")} in the backup (new names are added, existing ones kept); local overrides: {extras.Overrides.Count} (the newer one wins)"
                : $"not applied: {Plural(extras.Sources.Count, "team source")} and {Plural(extras.Overrides.Count, "local override")} (switchrole restore applies them)");
        }

        if (!restore && parsed.Extras is { Tombstones.Count: > 0 } withDeletions)
        {
            notes.Add($"not applied: {Plural(withDeletions.Tombstones.Count, "deletion")} (restore merges a backup's deletions)");
        }

        if (parsed.Ok && parsed.Entries.Count == 0 && parsed.Skipped.Count == 0 && parsed.Extras is null or { Tombstones.Count: 0 })
        {
            notes.Add("The file has no entries.");
        }

        return notes;
    }

    private static string Plural(int n, string singular) => $"{n} {(n == 1 ? singular : singular + "s")}";

    private static int Count(IReadOnlyList<PlannedChange> changes, PlannedAction action) => changes.Count(c => c.Action == action);

    private static List<FieldChangeDto> FieldChanges(RoleEntry from, RoleEntry to, bool usage)
    {
        var list = new List<FieldChangeDto>();
        void Add(string field, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                list.Add(new FieldChangeDto(field, a, b));
            }
        }

        Add("displayName", from.DisplayName, to.DisplayName);
        Add("color", from.Color, to.Color);
        Add("region", from.Region, to.Region);
        Add("baseAccountId", from.BaseAccountId, to.BaseAccountId);
        Add("group", from.Group, to.Group);
        if (usage)
        {
            Add("lastUsedAt", from.LastUsedAt is { } a ? RoleDto.FormatTime(a) : null, to.LastUsedAt is { } b ? RoleDto.FormatTime(b) : null);
            Add("useCount", from.UseCount.ToString(System.Globalization.CultureInfo.InvariantCulture), to.UseCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return list;
    }

    /// <summary>
    /// Identifies what a plan does (which entry, which action, which values), so an apply can tell whether the
    /// database moved in a way that changes the diff the person saw. Uses alone (a switch in another browser) do not.
    /// </summary>
    public static string Digest(string kind, ImportPlan plan, IReadOnlyDictionary<RoleKey, ParsedEntry> entries)
    {
        var text = new StringBuilder(kind).Append('\n');
        foreach (var c in plan.Changes)
        {
            text.Append(c.Action).Append('\t').Append(c.Key.AccountId).Append('\t').Append(c.Key.RoleName).Append('\t').Append(c.Name);
            var values = c.Result is { } result
                ? (result.DisplayName, result.Color, result.Region, result.BaseAccountId, result.Group)
                : entries.TryGetValue(c.Key, out var e) ? (e.Role.DisplayName, e.Role.Color, e.Role.Region, e.Role.BaseAccountId, e.Role.Group) : default;
            text.Append('\t').Append(values.Item1).Append('\t').Append(values.Item2).Append('\t').Append(values.Item3).Append('\t').Append(values.Item4).Append('\t').Append(values.Item5);

            text.Append('\n');
        }

        foreach (var s in plan.Sources)
        {
            text.Append("source\t").Append(s.Source.Name).Append('\t').Append(s.Added).Append('\n');
        }

        foreach (var o in plan.Overrides)
        {
            text.Append("override\t").Append(o.Key.AccountId).Append('\t').Append(o.Key.RoleName).Append('\t').Append(o.Applied).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>Fills lists in priority order until the frame budget or the per-list cap is reached.</summary>
    private sealed class Budget
    {
        private int _left = ListBudgetBytes;

        public bool Truncated { get; private set; }

        public List<T> Take<T>(IEnumerable<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        {
            var list = new List<T>();
            foreach (var item in items)
            {
                var size = list.Count < MaxListItems ? ProtocolJson.Serialize(item, typeInfo).Length + 1 : int.MaxValue;
                if (size > _left)
                {
                    Truncated = true;
                    break;
                }

                _left -= size;
                list.Add(item);
            }

            return list;
        }
    }
}
