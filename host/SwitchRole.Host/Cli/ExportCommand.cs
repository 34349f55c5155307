using System.CommandLine;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole export</c>: the entries as SwitchRole JSON, AESR INI, CSV or switch-role links.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "json (default: everything, the backup format), aesr, csv or links", HelpName = "FORMAT", DefaultValueFactory = _ => "json" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to FILE instead of standard output", HelpName = "FILE" };
        var command = new Command("export", """
            Export the entries. Importing the file again gives back the same entries (as far as the format can carry them:
            links have no base account or group).

            Examples:
              switchrole export --format aesr -o aesr-config.ini
              switchrole export --format csv > roles.csv
              switchrole export --format links
            """)
        {
            format, output,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var name = parse.GetValue(format);
            var exportFormat = RoleExporter.ParseFormatName(name) ?? throw new ValidationException("--format", $"must be json, aesr, csv or links; got '{name}'");
            var text = RoleExporter.Write(StoreSnapshot.Take(RoleStore.Open(context.Paths)), exportFormat);
            return OutputFile.Write(context, parse.GetValue(output), text);
        }));
        return command;
    }
}

/// <summary>Writes a command's output to stdout, or to a file through a temporary file so a failed write leaves no half file.</summary>
internal static class OutputFile
{
    public static int Write(CliContext context, string? path, string text, string? message = null)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            context.Out.Write(text);
            return ExitCodes.Success;
        }

        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            // Exports and backups list accounts and roles: created 0600 (user-only ACL on Windows), never world-readable.
            Core.PrivateFiles.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            context.Error.WriteLine($"switchrole: cannot write {path}: {e switch
            {
                UnauthorizedAccessException => "permission denied",
                DirectoryNotFoundException => "its folder does not exist",
                _ => e.Message,
            }}");
            return ExitCodes.Failure;
        }

        if (message is not null)
        {
            context.Out.WriteLine(message);
        }

        return ExitCodes.Success;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
