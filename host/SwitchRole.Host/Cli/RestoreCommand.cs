using System.CommandLine;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole restore FILE</c>: merges a backup into the database, entry by entry, by update time.</summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A backup written by switchrole backup (SwitchRole JSON), or - for standard input" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and write nothing" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };
        var command = new Command("restore", """
            Merge a backup into this machine's entries. For an entry on both sides the later change wins; a deletion wins
            over an older entry. Restoring the same file twice changes nothing the second time.

            Examples:
              switchrole restore ~/switchrole-backup.json --dry-run
              switchrole restore ~/switchrole-backup.json
            """)
        {
            file, dryRun, json,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var path = parse.GetValue(file)!;
            var parsed = FileInput.Parse(context, path, ImportFormat.Json, new ImportOptions(FileInput.DisplayName(path), Origins.Import));
            return Report.Import(context, parsed, FileInput.DisplayName(path), parse.GetValue(dryRun), parse.GetValue(json), restore: true);
        }));
        return command;
    }
}
