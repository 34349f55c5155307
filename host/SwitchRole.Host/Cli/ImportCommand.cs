using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole import FILE|-</c>: all-or-nothing import of a role file in any supported format.</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The file to import, or - for standard input" };
        var format = new Option<string>("--format") { Description = "auto (default), aesr, aws-config, csv, json, links or cookie", HelpName = "FORMAT", DefaultValueFactory = _ => "auto" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and write nothing" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (keys: file, format, dryRun, added, updated, unchanged, skipped, warnings, errors, revision)" };
        var source = new Option<string?>("--source") { Description = "Mark new entries as coming from team source NAME (origin team:NAME) instead of import", HelpName = "NAME" };
        var command = new Command("import", """
            Import entries from a file: AWS Extend Switch Roles INI, ~/.aws/config, CSV, SwitchRole JSON,
            switch-role links or the console's history cookie. All or nothing: a file with any error changes nothing.

            Examples:
              switchrole import aesr-config.ini --dry-run
              switchrole import ~/.aws/config --format aws-config
              switchrole import roles.csv --source platform
              pbpaste | switchrole import - --format links
            """)
        {
            file, format, dryRun, json, source,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var formatName = parse.GetValue(format);
            var importFormat = RoleImporter.ParseFormatName(formatName)
                ?? throw new ValidationException("--format", $"must be auto, {string.Join(", ", RoleImporter.FormatNames)}; got '{formatName}'");
            var origin = parse.GetValue(source) is { } name ? RoleValidator.NormalizeOrigin(Origins.TeamPrefix + name.Trim(), "--source") : Origins.Import;
            var path = parse.GetValue(file)!;
            var parsed = FileInput.Parse(context, path, importFormat, new ImportOptions(FileInput.DisplayName(path), origin));
            return Report.Import(context, parsed, FileInput.DisplayName(path), parse.GetValue(dryRun), parse.GetValue(json), restore: false);
        }));
        return command;
    }
}

/// <summary>Reads an import file or standard input, size-limited, into a parse result.</summary>
internal static class FileInput
{
    public static string DisplayName(string path) => path == "-" ? "<stdin>" : path;

    public static ParsedImport Parse(CliContext context, string path, ImportFormat format, ImportOptions options)
    {
        byte[] bytes;
        try
        {
            if (path == "-")
            {
                using var stdin = context.OpenStandardInput();
                bytes = TextInput.ReadLimited(stdin);
            }
            else if (Directory.Exists(path))
            {
                throw new ValidationException(options.FileName, "cannot read it: it is a directory");
            }
            else
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                bytes = TextInput.ReadLimited(stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw new ValidationException(options.FileName, $"cannot read it: {reason}");
        }

        return RoleImporter.Parse(bytes, format, options);
    }
}

/// <summary>Prints import and restore summaries, in text or JSON, and applies them when asked.</summary>
internal static class Report
{
    public static int Import(CliContext context, ParsedImport parsed, string file, bool dryRun, bool json, bool restore)
    {
        if (!parsed.Ok)
        {
            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(ToDto(parsed, file, null, dryRun, null), ImportJsonContext.Summary));
            }

            context.Error.WriteLine($"switchrole: {file}: {Count(parsed.Errors.Count, "error")}{(parsed.ErrorsTruncated ? " (only the first ones are listed)" : "")}; nothing was {(restore ? "restored" : "imported")}");
            foreach (var error in parsed.Errors)
            {
                context.Error.WriteLine(error.ToString());
            }

            return ExitCodes.InvalidInput;
        }

        var store = RoleStore.Open(context.Paths);
        ImportPlan plan;
        long? revision = null;
        if (dryRun)
        {
            plan = restore
                ? ImportPlanner.PlanRestore(parsed, store)
                : ImportPlanner.PlanImport(parsed, store.List().Roles);
        }
        else
        {
            // Planned inside the write transaction: the summary is what was done.
            (plan, var written) = restore ? ImportPlanner.ApplyRestore(store, parsed) : ImportPlanner.ApplyImport(store, parsed);
            revision = written;
        }

        revision ??= store.GetRevision();
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(ToDto(parsed, file, plan, dryRun, revision), ImportJsonContext.Summary));
            return ExitCodes.Success;
        }

        WriteText(context.Out, parsed, plan, dryRun, restore);
        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, ParsedImport parsed, ImportPlan plan, bool dryRun, bool restore)
    {
        output.WriteLine($"{(restore ? "Restore" : "Import")} ({RoleImporter.Name(parsed.Format)}): {Count(parsed.Entries.Count, "entry", "entries")} read");
        Section(output, "added", plan, PlannedAction.Add, '+');
        Section(output, "updated", plan, PlannedAction.Update, '~');
        Section(output, "deleted", plan, PlannedAction.Delete, '-');
        if (plan.Count(PlannedAction.KeptDeleted) > 0)
        {
            Section(output, "kept deleted (deleted here after the backup's version)", plan, PlannedAction.KeptDeleted, '!');
        }

        output.WriteLine($"  unchanged: {plan.Count(PlannedAction.Unchanged)}");
        if (plan.Count(PlannedAction.RecordTombstone) > 0)
        {
            output.WriteLine($"  deletions recorded: {plan.Count(PlannedAction.RecordTombstone)}");
        }

        output.WriteLine($"  skipped: {parsed.Skipped.Count}{SkippedByKind(parsed)}");
        foreach (var s in parsed.Skipped)
        {
            output.WriteLine($"    - line {s.Location.Line} {s.Name}: {s.Reason}");
        }

        if (parsed.Warnings.Count > 0)
        {
            output.WriteLine($"  warnings: {parsed.Warnings.Count}");
            foreach (var w in parsed.Warnings)
            {
                output.WriteLine($"    {w}");
            }
        }

        if (restore)
        {
            SourceLines(output, "team sources added", plan.Sources.Where(s => s.Added), '+');
            SourceLines(output, "team sources kept (this machine has one of that name)", plan.Sources.Where(s => !s.Added), '=');
            OverrideLines(output, "overrides applied", plan.Overrides.Where(o => o.Applied), '~');
            OverrideLines(output, "overrides kept (this machine's is as new or newer)", plan.Overrides.Where(o => !o.Applied), '=');
        }
        else if (parsed.Extras is { } extras && (extras.Overrides.Count > 0 || extras.Sources.Count > 0))
        {
            output.WriteLine($"  not applied: {Count(extras.Sources.Count, "team source")} and {Count(extras.Overrides.Count, "local override")} (switchrole restore applies them)");
        }

        if (!restore && parsed.Extras is { Tombstones.Count: > 0 } withDeletions)
        {
            output.WriteLine($"  not applied: {Count(withDeletions.Tombstones.Count, "deletion")} (switchrole restore merges a backup's deletions)");
        }

        if (parsed.Entries.Count == 0 && parsed.Skipped.Count == 0 && parsed.Extras is null or { Tombstones.Count: 0 })
        {
            output.WriteLine("  The file has no entries.");
        }

        output.WriteLine(dryRun ? "Dry run: nothing was written." : plan.ChangesAnything ? "Done." : "Nothing to change.");
    }

    private static void SourceLines(TextWriter output, string title, IEnumerable<PlannedSource> sources, char mark)
    {
        var list = sources.ToList();
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine($"  {title}: {list.Count}");
        foreach (var s in list)
        {
            output.WriteLine($"    {mark} {s.Source.Name} ({s.DisplayLocation}), line {s.Source.Position.Line}");
        }
    }

    private static void OverrideLines(TextWriter output, string title, IEnumerable<PlannedOverride> overrides, char mark)
    {
        var list = overrides.ToList();
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine($"  {title}: {list.Count}");
        foreach (var o in list)
        {
            output.WriteLine($"    {mark} {o.Key.RoleName} in {o.Key.AccountId}, line {o.Override.Location.Line}");
        }
    }

    private static void Section(TextWriter output, string title, ImportPlan plan, PlannedAction action, char mark)
    {
        var changes = plan.Changes.Where(c => c.Action == action).ToList();
        output.WriteLine($"  {title}: {changes.Count}");
        foreach (var c in changes)
        {
            output.WriteLine($"    {mark} {c.Name} ({c.Key.RoleName} in {c.Key.AccountId}), line {c.Location.Line}");
        }
    }

    private static string SkippedByKind(ParsedImport parsed)
    {
        if (parsed.Skipped.Count == 0)
        {
            return "";
        }

        var kinds = parsed.Skipped.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}");
        return $" ({string.Join(", ", kinds)})";
    }

    private static string Count(int n, string singular, string? plural = null) => $"{n} {(n == 1 ? singular : plural ?? singular + "s")}";

    private static ImportSummaryDto ToDto(ParsedImport parsed, string file, ImportPlan? plan, bool dryRun, long? revision)
    {
        List<ChangeDto> Of(PlannedAction action) => plan is null ? [] :
            [.. plan.Changes.Where(c => c.Action == action).Select(c => new ChangeDto(c.Key.AccountId, c.Key.RoleName, c.Name, c.Location.Line))];
        return new ImportSummaryDto(
            file,
            RoleImporter.Name(parsed.Format),
            dryRun,
            Of(PlannedAction.Add),
            Of(PlannedAction.Update),
            Of(PlannedAction.Unchanged),
            Of(PlannedAction.Delete),
            Of(PlannedAction.KeptDeleted),
            [.. parsed.Skipped.Select(s => new SkippedDto(s.Location.Line, s.Location.Column, s.Name, s.Kind, s.Reason))],
            [.. parsed.Warnings.Select(w => new ProblemDto(w.File, w.Location.Line, w.Location.Column, w.Field, w.Message))],
            [.. parsed.Errors.Select(e => new ProblemDto(e.File, e.Location.Line, e.Location.Column, e.Field, e.Reason))],
            parsed.ErrorsTruncated,
            revision)
        {
            Sources = plan is null ? [] : [.. plan.Sources.Select(s => new RestoreSourceDto(s.Source.Name, s.DisplayLocation, s.Added ? "added" : "kept", s.Source.Position.Line))],
            Overrides = plan is null ? [] : [.. plan.Overrides.Select(o => new RestoreOverrideDto(
                o.Override.AccountId, o.Override.RoleName, o.Override.DisplayName, o.Override.Color, o.Override.Group, o.Applied ? "applied" : "kept", o.Override.Location.Line))],
        };
    }
}

internal sealed record ChangeDto(string AccountId, string RoleName, string DisplayName, int Line);

internal sealed record SkippedDto(int Line, int Column, string Name, string Kind, string Reason);

internal sealed record ProblemDto(string File, int Line, int Column, string Field, string Reason);

internal sealed record ImportSummaryDto(
    string File,
    string Format,
    bool DryRun,
    List<ChangeDto> Added,
    List<ChangeDto> Updated,
    List<ChangeDto> Unchanged,
    List<ChangeDto> Deleted,
    List<ChangeDto> KeptDeleted,
    List<SkippedDto> Skipped,
    List<ProblemDto> Warnings,
    List<ProblemDto> Errors,
    bool ErrorsTruncated,
    long? Revision)
{
    /// <summary>Restore only (empty for an import).</summary>
    public List<RestoreSourceDto> Sources { get; init; } = [];

    public List<RestoreOverrideDto> Overrides { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ImportSummaryDto))]
internal sealed partial class ImportJsonContext : JsonSerializerContext
{
    /// <summary>Names and reasons printed as they are (not \u0022 escapes): this output is read by people and scripts, not embedded in HTML.</summary>
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<ImportSummaryDto>? _summary;

    // Built on first use: static initialisers across the partial class's files run in no guaranteed order.
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<ImportSummaryDto> Summary =>
        _summary ??= (System.Text.Json.Serialization.Metadata.JsonTypeInfo<ImportSummaryDto>)new JsonSerializerOptions(Default.Options)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }.GetTypeInfo(typeof(ImportSummaryDto));
}
