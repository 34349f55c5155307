using System.Text;
using SwitchRole.Host.Cli;

namespace SwitchRole.TestSupport;

/// <summary>Runs the CLI in memory against a temp home, with optional standard input.</summary>
public static class InMemoryCli
{
    public static async Task<(int Exit, string Out, string Error)> RunWithInput(TempHome home, string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var input = Encoding.UTF8.GetBytes(stdin ?? "");
        var context = new CliContext(
            new StringReader(stdin ?? ""), output, error,
            () => new MemoryStream(input), () => Stream.Null,
            name => name == "SWITCHROLE_HOME" ? home.Root : null);
        var exit = await CliApp.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    public static Task<(int Exit, string Out, string Error)> Run(TempHome home, params string[] args) => RunWithInput(home, null, args);

    /// <summary>Everything a user could see change: live entries, tombstones and the revision.</summary>
    public static string State(TempHome home)
    {
        var store = home.OpenStore();
        var sb = new StringBuilder();
        sb.Append("revision ").Append(store.GetRevision()).Append('\n');
        foreach (var e in store.List().Roles)
        {
            sb.Append(e).Append('\n');
        }

        foreach (var t in store.ListTombstones())
        {
            sb.Append(t).Append('\n');
        }

        return sb.ToString();
    }

    public static string Corpus(string name) => Path.Combine(RepoPaths.Root, "tests", "SwitchRole.Core.Tests", "Formats", name);
}
