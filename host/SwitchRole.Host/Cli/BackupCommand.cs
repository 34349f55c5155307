using SwitchRole.Core.Catalog;
using SwitchRole.Core.Storage;
using System.CommandLine;
using SwitchRole.Core.Formats;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole backup -o FILE</c>: everything (entries, usage, deletions) as SwitchRole JSON.</summary>
internal static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "The backup file to write", Required = true, HelpName = "FILE" };
        var command = new Command("backup", """
            Write a backup of everything: entries with their usage, and deletions (so a restore elsewhere does not bring
            deleted entries back). Restore it on a new machine with switchrole restore FILE.

            Example:
              switchrole backup -o ~/switchrole-backup.json
            """)
        {
            output,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var snapshot = StoreSnapshot.Take(RoleStore.Open(context.Paths));
            var path = parse.GetValue(output)!;
            return OutputFile.Write(context, path, BackupFormat.Write(snapshot),
                $"Backed up {snapshot.Entries.Count} {(snapshot.Entries.Count == 1 ? "entry" : "entries")} and {snapshot.Tombstones.Count} {(snapshot.Tombstones.Count == 1 ? "deletion" : "deletions")} to {path}");
        }));
        return command;
    }
}
