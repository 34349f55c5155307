using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SwitchRole.Core;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Sources;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole source add|list|sync|remove</c>: team sources (a file or an https URL) kept in sync.</summary>
internal static class SourceCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("source", """
            Team sources: a file (a git checkout, a synced folder) or an https:// URL whose entries are kept in sync.
            Entries from a source carry its name (origin team:NAME) and go when the source drops them. Your own
            display name, colour and group for a team entry survive syncs; a source never overwrites an entry you
            created, and does not bring back one you deleted. Host mode re-reads a file when it changes and fetches
            a URL at start and every 15 minutes (with If-None-Match); a failing source keeps its last good entries.

            Examples:
              switchrole source add platform ~/src/platform-team/aws-roles.ini
              switchrole source add security https://example.com/teams/security/roles.csv --interval 60
              switchrole source list
              switchrole source sync platform
              switchrole source remove platform
            """)
        {
            Add(context), List(context), Sync(context), Remove(context),
        };
        return command;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "A short name: letters, digits, '.', '_', '-'" };
        var location = new Argument<string?>("PATH|URL") { Description = "A file path, an https:// URL, or s3://BUCKET/KEY (read with your AWS credentials)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "auto (default), aesr, aws-config, csv, json, links or cookie", HelpName = "FORMAT", DefaultValueFactory = _ => "auto" };
        var interval = new Option<int?>("--interval") { Description = "URL sources: minutes between fetches in host mode (default 15)", HelpName = "MINUTES" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var aws = new AwsSourceOptions();
        var command = new Command("add", "Add a team source and read it now. A source that cannot be read, or has any error, is not added.\n\nAWS sources:\n  switchrole source add team s3://my-bucket/aws-roles.csv --profile work\n  switchrole source add org --organizations --role OrganizationAccountAccessRole --profile management --group-by ou")
        {
            name, location, format, interval, json,
        };
        aws.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            using var fetcher = new SourceFetcher(AwsSourceOptions.FetchOptions(context));
            var syncer = new SourceSyncer(RoleStore.Open(context.Paths), fetcher);
            TimeSpan? every = parse.GetValue(interval) is { } minutes ? TimeSpan.FromMinutes(minutes) : null;
            var (where, formatName) = aws.Location(parse, parse.GetValue(location), parse.GetValue(format));
            var report = syncer.AddAsync(parse.GetValue(name), where, formatName, every, Environment.CurrentDirectory).GetAwaiter().GetResult();
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(SourceSyncDto.From(report), SourcesJsonContext.Indented<SourceSyncDto>()));
            }
            else
            {
                context.Out.WriteLine($"Added source {report.Name} ({report.Location}).");
                WriteReport(context.Out, report);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the sources as a JSON array" };
        var command = new Command("list", "List team sources with their state; a failing source shows its error and the fix.") { json };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var sources = SourceStore.List(RoleStore.Open(context.Paths));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize([.. sources.Select(SourceDto.From)], SourcesJsonContext.Indented<List<SourceDto>>()));
                return ExitCodes.Success;
            }

            if (sources.Count == 0)
            {
                context.Out.WriteLine("No team sources. Add one with: switchrole source add NAME PATH|URL");
                return ExitCodes.Success;
            }

            foreach (var source in sources)
            {
                var status = SourceDto.StatusOf(source);
                var synced = source.LastSyncedAt is { } at ? $"last read {Time(at)}" : "never read";
                var every = source.Kind.IsRemote() ? $", every {source.EffectiveInterval.TotalMinutes:0} min" : ", on change";
                context.Out.WriteLine($"{source.Name}  {status}  {source.EntryCount} {(source.EntryCount == 1 ? "entry" : "entries")}  {source.DisplayLocation}  ({RoleFormat(source)}, {synced}{every})");
                if (source.LastError is { } error)
                {
                    context.Out.WriteLine($"  error since {Time(source.LastErrorAt ?? DateTimeOffset.UtcNow)}: {error}");
                    context.Out.WriteLine($"  fix: {SourceHealth.Fix(source)}");
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Sync(CliContext context)
    {
        var name = new Argument<string?>("NAME") { Description = "The source to sync; all when omitted", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the results as a JSON array" };
        var command = new Command("sync", "Read team sources now (in full) and apply them. Exit code 1 when a source failed.") { name, json };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            using var fetcher = new SourceFetcher(AwsSourceOptions.FetchOptions(context));
            var syncer = new SourceSyncer(RoleStore.Open(context.Paths), fetcher);
            IReadOnlyList<SourceSyncReport> reports;
            try
            {
                reports = parse.GetValue(name) is { } one
                    ? [syncer.SyncAsync(one).GetAwaiter().GetResult()]
                    : syncer.SyncAllAsync().GetAwaiter().GetResult();
            }
            catch (SourceNotFoundException e)
            {
                context.Error.WriteLine($"switchrole: {e.Message}");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize([.. reports.Select(SourceSyncDto.From)], SourcesJsonContext.Indented<List<SourceSyncDto>>()));
            }
            else if (reports.Count == 0)
            {
                context.Out.WriteLine("No team sources. Add one with: switchrole source add NAME PATH|URL");
            }
            else
            {
                foreach (var report in reports)
                {
                    WriteReport(report.Status == SyncStatus.Failed ? context.Error : context.Out, report);
                }
            }

            return reports.Any(r => r.Status == SyncStatus.Failed) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The source to remove" };
        var command = new Command("remove", "Remove a team source and the entries it brought. Entries you created stay.") { name };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            try
            {
                var (source, removed, _) = SourceSyncer.Remove(RoleStore.Open(context.Paths), parse.GetValue(name)!);
                context.Out.WriteLine($"Removed source {source.Name} and its {removed.Count} {(removed.Count == 1 ? "entry" : "entries")}.");
                return ExitCodes.Success;
            }
            catch (SourceNotFoundException e)
            {
                context.Error.WriteLine($"switchrole: {e.Message}");
                return ExitCodes.NotFound;
            }
        }));
        return command;
    }

    /// <summary>
    /// For <c>switchrole doctor</c>: one line per team source. A failing one is a warning (its last good entries are
    /// still served) with the error and the fix; none at all is a skip.
    /// </summary>
    internal static IReadOnlyList<DoctorCheck> DoctorChecks(AppPaths paths)
    {
        IReadOnlyList<TeamSource> sources;
        try
        {
            sources = SourceStore.List(RoleStore.Open(paths));
        }
        catch (Exception e) when (e is StoreUnavailableException or StoreBusyException)
        {
            return []; // The database check above already says why.
        }

        if (sources.Count == 0)
        {
            return [new DoctorCheck("team sources", CheckStatus.Skip, "none (switchrole source add NAME PATH|URL)")];
        }

        var problems = SourceHealth.Check(RoleStore.Open(paths)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        return [.. sources.Select(s => problems.TryGetValue(s.Name, out var problem)
            ? new DoctorCheck($"team source {s.Name}", CheckStatus.Warn,
                $"{s.DisplayLocation} is failing{(problem.Since is { } since ? " since " + Time(since) : "")}: {problem.Error}; {s.EntryCount} {(s.EntryCount == 1 ? "entry" : "entries")} from its last good sync{(problem.LastGood is { } good ? " (" + Time(good) + ")" : "")} are kept",
                problem.Fix)
            : new DoctorCheck($"team source {s.Name}", CheckStatus.Ok,
                $"{s.DisplayLocation}: {s.EntryCount} {(s.EntryCount == 1 ? "entry" : "entries")}, {(s.LastSyncedAt is { } at ? "last read " + Time(at) : "not read yet")}"))];
    }

    private static void WriteReport(TextWriter output, SourceSyncReport report)
    {
        switch (report.Status)
        {
            case SyncStatus.Failed:
                output.WriteLine($"{report.Name}: sync failed: {report.Error}");
                output.WriteLine($"  The entries of its last good sync are kept.");
                return;
            case SyncStatus.NotModified:
                output.WriteLine($"{report.Name}: not modified since the last sync.");
                return;
            case SyncStatus.NotDue:
                output.WriteLine($"{report.Name}: synced moments ago by another process.");
                return;
            default:
                break;
        }

        var changes = report.Changes!;
        output.WriteLine($"{report.Name}: synced ({report.Parsed?.Entries.Count ?? 0} {(report.Parsed?.Entries.Count == 1 ? "entry" : "entries")} in the source)");
        Section(output, "added", changes.Of(SourceChangeKind.Added), '+');
        Section(output, "updated", changes.Of(SourceChangeKind.Updated), '~');
        Section(output, "removed (no longer in the source)", changes.Of(SourceChangeKind.Removed), '-');
        output.WriteLine($"  unchanged: {changes.Count(SourceChangeKind.Unchanged)}");
        var notApplied = changes.Entries.Where(c => c.Kind is SourceChangeKind.KeptYours or SourceChangeKind.KeptDeleted or SourceChangeKind.OtherSource).ToList();
        if (notApplied.Count > 0)
        {
            output.WriteLine($"  not applied: {notApplied.Count}");
            foreach (var c in notApplied)
            {
                output.WriteLine($"    ! {c.Name} ({c.Key.RoleName} in {c.Key.AccountId}), line {c.Line}: {c.Detail}");
            }
        }

        if (report.Parsed is { } parsed)
        {
            if (parsed.Skipped.Count > 0)
            {
                output.WriteLine($"  skipped in the file: {parsed.Skipped.Count}");
                foreach (var s in parsed.Skipped)
                {
                    output.WriteLine($"    - line {s.Location.Line} {s.Name}: {s.Reason}");
                }
            }

            foreach (var w in parsed.Warnings)
            {
                output.WriteLine($"  warning: {w}");
            }
        }
    }

    private static void Section(TextWriter output, string title, IEnumerable<SourceEntryChange> changes, char mark)
    {
        var list = changes.ToList();
        output.WriteLine($"  {title}: {list.Count}");
        foreach (var c in list)
        {
            var line = c.Line > 0 ? $", line {c.Line}" : "";
            output.WriteLine($"    {mark} {c.Name} ({c.Key.RoleName} in {c.Key.AccountId}){line}");
        }
    }

    private static string RoleFormat(TeamSource source) => $"{source.Kind.KindName()}, {source.Format}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
