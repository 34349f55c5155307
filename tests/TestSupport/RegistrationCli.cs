using System.CommandLine;
using SwitchRole.Core;
using SwitchRole.Core.Registration;
using SwitchRole.Host.Cli;

namespace SwitchRole.TestSupport;

/// <summary>Runs install, uninstall and doctor in memory against a temporary home.</summary>
public sealed class RegistrationCli(TempUserHome home, HostOs os = HostOs.Linux, FakeRegistry? registry = null)
{
    public StringWriter Out { get; private set; } = new();

    public StringWriter Error { get; private set; } = new();

    /// <summary>The switchrole apphost built beside the tests: a real host the self-test can start.</summary>
    public static string BuiltHostBinary => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "switchrole.exe" : "switchrole");

    public async Task<int> RunAsync(params string[] args)
    {
        Out = new StringWriter();
        Error = new StringWriter();
        home.Variables[Constants.HomeEnvironmentVariable] = home.Path("data");
        var context = new CliContext(TextReader.Null, Out, Error, () => Stream.Null, () => Stream.Null, name => home.Variables.GetValueOrDefault(name));
        var environment = home.Environment(os);
        var root = new RootCommand("test")
        {
            InstallCommand.Create(context, environment, registry),
            UninstallCommand.Create(context, environment, registry),
            DoctorCommand.Create(context, environment, registry),
        };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = Out, Error = Error });
    }
}
