using System.CommandLine;
using System.Reflection;

namespace SwitchRole.Host.Cli;

/// <summary>Chooses host mode or CLI mode from the arguments and runs one command.</summary>
public static class CliApp
{
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var root = BuildRootCommand(context);
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }).ConfigureAwait(false);
    }

    internal static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("SwitchRole: your AWS switch-role entries in every browser, from one database per OS user.");
        root.Subcommands.Add(InstallCommand.Create(context));
        root.Subcommands.Add(UninstallCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        return root;
    }
}
