using System.Diagnostics;

namespace SwitchRole.Host.Tests.Cli;

/// <summary>The completion scripts, loaded into a real shell that asks the real binary.</summary>
public sealed class CompletionCommandTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [PosixFact]
    public async Task Bash_SourcedScript_CompletesCommandsOptionsAndValues()
    {
        // What a person does: put switchrole on PATH, source the script, press Tab. The helper below fills in the
        // variables bash sets on Tab and calls the function `complete` registered.
        var script = """
            source <(switchrole completion bash)
            complete -p switchrole
            tab() {
                COMP_LINE="$1"; COMP_POINT=${#1}
                read -ra COMP_WORDS <<< "$1"
                [[ "$1" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                local function_name; function_name=$(complete -p switchrole | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
                "$function_name"
                echo "[$1] ${COMPREPLY[*]}"
            }
            tab "switchrole ad"
            tab "switchrole install --bro"
            tab "switchrole install --browser fi"
            tab "switchrole completion "
            tab "switchrole list --js"
            """;

        var (exit, output, error) = await RunBashAsync(script);

        Assert.True(exit == 0, error + output);
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("complete -o default -F _switchrole_complete switchrole", lines);
        Assert.Contains("[switchrole ad] add", lines);
        Assert.Contains("[switchrole install --bro] --browser", lines);
        Assert.Contains("[switchrole install --browser fi] firefox", lines);
        Assert.Contains("[switchrole completion ] bash fish pwsh zsh", lines);
        Assert.Contains("[switchrole list --js] --json", lines);
    }

    [Theory]
    [InlineData("zsh", "compdef _switchrole switchrole")]
    [InlineData("fish", "complete -c switchrole -a '(__switchrole_complete)'")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName switchrole")]
    public async Task OtherShells_PrintTheirScriptAskingTheSuggestDirective(string shell, string registration)
    {
        var (exit, output, _) = await InMemoryCli.Run(home, "completion", shell);

        Assert.Equal(0, exit);
        Assert.Contains(registration, output, StringComparison.Ordinal);
        Assert.Contains("[suggest:", output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Out, string Error)> RunBashAsync(string script)
    {
        // switchrole on PATH, as installed: a wrapper starting the binary under test.
        var bin = Path.Combine(home.Root, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "switchrole");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{RepoPaths.SwitchRoleBinary}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--noprofile");
        info.ArgumentList.Add("--norc");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        info.Environment["SWITCHROLE_HOME"] = home.Root;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
