using System.CommandLine;

namespace SwitchRole.Host.Cli;

/// <summary>
/// <c>switchrole completion SHELL</c>: prints a tab-completion script. Every script asks switchrole itself what
/// fits at the cursor (System.CommandLine's <c>[suggest:N]</c> directive), so commands, options and their
/// values (browser names, scopes, formats) stay in step with the binary; no dotnet-suggest needed.
/// </summary>
internal static class CompletionCommand
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "pwsh"];

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh" };
        shell.AcceptOnlyFromAmong([.. Shells]);
        var command = new Command("completion", """
            Print a tab-completion script for your shell.

            Load it in the current shell, or add the line to your shell's start-up file:
              bash:  source <(switchrole completion bash)          (~/.bashrc)
              zsh:   source <(switchrole completion zsh)           (~/.zshrc, after compinit)
              fish:  switchrole completion fish | source            (~/.config/fish/config.fish)
              pwsh:  switchrole completion pwsh | Out-String | Invoke-Expression   ($PROFILE)
            """)
        {
            shell,
        };
        command.SetAction(parse =>
        {
            context.Out.Write(Script(parse.GetValue(shell)!));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "unknown shell"),
    };

    // The line up to the cursor goes to switchrole with its length as the cursor position; the shell filters
    // the answers by the word being typed. On an empty word options are left out (typing - shows them), so Tab
    // after a command lists its values or subcommands. No answer falls back to file names (import, restore, -o).
    private const string Bash = """
        # switchrole tab completion for bash. Load with: source <(switchrole completion bash)
        _switchrole_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local line="${COMP_LINE:0:COMP_POINT}"
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null) || return 0
            [[ -z "$cur" ]] && candidates=$(grep -v '^[-/]' <<< "$candidates")
            COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
        }
        complete -o default -F _switchrole_complete switchrole

        """;

    private const string Zsh = """
        #compdef switchrole
        # switchrole tab completion for zsh. Load with: source <(switchrole completion zsh)
        _switchrole() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$("${words[1]}" "[suggest:${#line}]" "$line" 2>/dev/null)}")
            candidates=(${candidates:#})
            [[ -z "${words[CURRENT]}" ]] && candidates=(${candidates:#[-/]*})
            if (( ${#candidates} )); then
                compadd -a candidates
            else
                _files
            fi
        }
        if (( $+functions[compdef] )); then
            compdef _switchrole switchrole
        else
            print -u2 "switchrole completion: run 'autoload -Uz compinit && compinit' first"
        fi

        """;

    private const string Fish = """
        # switchrole tab completion for fish. Load with: switchrole completion fish | source
        function __switchrole_complete
            set -l line (commandline -cp)
            set -l answers (switchrole "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null)
            if test -z (commandline -ct)
                string match -v -r '^[-/]' -- $answers
            else
                string join \n -- $answers
            end
        end
        complete -c switchrole -a '(__switchrole_complete)'

        """;

    private const string Pwsh = """
        # switchrole tab completion for PowerShell. Load with: switchrole completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName switchrole, switchrole.exe -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $position = $cursorPosition - $commandAst.Extent.StartOffset
            if ($position -gt $line.Length) { $line = $line.PadRight($position) }
            $line = $line.Substring(0, $position)
            & $commandAst.CommandElements[0].Value "[suggest:$position]" $line 2>$null |
                Where-Object { $_ -like "$wordToComplete*" -and ($wordToComplete -or $_ -notmatch '^[-/]') } |
                ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
        }

        """;
}
