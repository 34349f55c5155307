using System.ComponentModel;
using System.Diagnostics;

namespace SwitchRole.Network.Aws;

/// <summary>Opens a URL in the default browser, a named one (chrome, chromium, firefox, edge, brave, safari) or a command.</summary>
/// <remarks>
/// The URL ends up on the browser's command line, where other processes of the same user can see it for a
/// moment; it is a 15-minute sign-in link, the same trade-off aws-vault and granted make. <c>--print</c> avoids it.
/// </remarks>
public static class BrowserLauncher
{
    public const string BrowserEnvironmentVariable = "BROWSER";

    /// <summary>A launcher that exits non-zero this soon has failed (xdg-open with no browser, a wrong path).</summary>
    private static readonly TimeSpan EarlyExitWindow = TimeSpan.FromSeconds(2);

    public static readonly IReadOnlyList<string> KnownNames = ["chrome", "chromium", "firefox", "edge", "brave", "safari"];

    /// <summary>
    /// The program and arguments that open <paramref name="url"/>. <paramref name="browser"/> is a known name, a path,
    /// or a command line where <c>%s</c> stands for the URL; null means <c>$BROWSER</c>, then the system default.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Resolve(Uri url, string? browser, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var text = url.AbsoluteUri;
        if (string.IsNullOrWhiteSpace(browser))
        {
            var fromEnvironment = getEnvironmentVariable(BrowserEnvironmentVariable)?
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault();
            if (fromEnvironment is not null)
            {
                return FromCommandLine(fromEnvironment, text);
            }

            if (OperatingSystem.IsWindows())
            {
                return ("rundll32.exe", ["url.dll,FileProtocolHandler", text]);
            }

            return OperatingSystem.IsMacOS() ? ("open", [text]) : ("xdg-open", [text]);
        }

        var name = browser.Trim().ToLowerInvariant();
        if (KnownNames.Contains(name))
        {
            if (OperatingSystem.IsMacOS())
            {
                var app = name switch
                {
                    "chrome" => "Google Chrome",
                    "chromium" => "Chromium",
                    "firefox" => "Firefox",
                    "edge" => "Microsoft Edge",
                    "brave" => "Brave Browser",
                    _ => "Safari",
                };
                return ("open", ["-a", app, text]);
            }

            string[] candidates = OperatingSystem.IsWindows()
                ? name switch
                {
                    "chrome" => ["chrome.exe"],
                    "chromium" => ["chromium.exe", "chrome.exe"],
                    "firefox" => ["firefox.exe"],
                    "edge" => ["msedge.exe"],
                    "brave" => ["brave.exe"],
                    _ => [],
                }
                : name switch
                {
                    "chrome" => ["google-chrome", "google-chrome-stable"],
                    "chromium" => ["chromium", "chromium-browser", "/usr/lib/chromium/chromium"],
                    "firefox" => ["firefox", "firefox-esr"],
                    "edge" => ["microsoft-edge", "microsoft-edge-stable"],
                    "brave" => ["brave-browser", "brave"],
                    _ => [],
                };
            var found = candidates.Select(FindOnPath).FirstOrDefault(path => path is not null);
            return found is not null
                ? (found, [text])
                : throw new StsException(StsFailureKind.Other, $"Browser '{name}' was not found on this machine: install it, pass --browser with the program's path, or use --print and open the URL yourself.");
        }

        return FromCommandLine(browser.Trim(), text);
    }

    /// <summary>Starts the browser without tying it to this process's stdio, and reports a launcher that fails at once.</summary>
    public static void Open(Uri url, string? browser, Func<string, string?> getEnvironmentVariable)
    {
        var (fileName, arguments) = Resolve(url, browser, getEnvironmentVariable);
        var start = new ProcessStartInfo { UseShellExecute = false, CreateNoWindow = true };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = fileName;
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = true;
        }
        else
        {
            // Through sh so the browser's stdio goes to /dev/null: a browser holding our stdout open would keep
            // a pipe reader (a script, a test) waiting long after switchrole exited.
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$@\" </dev/null >/dev/null 2>&1");
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add(fileName);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StsException(StsFailureKind.Other, $"Could not start '{fileName}': use --print and open the URL yourself.");
        }
        catch (Win32Exception)
        {
            throw new StsException(StsFailureKind.Other, $"Could not start '{fileName}': check --browser (or $BROWSER), or use --print and open the URL yourself.");
        }

        using (process)
        {
            if (process.WaitForExit(EarlyExitWindow) && process.ExitCode != 0)
            {
                throw new StsException(StsFailureKind.Other, $"The browser command '{Path.GetFileName(fileName)}' failed (exit code {process.ExitCode}): check --browser (or $BROWSER), or use --print and open the URL yourself.");
            }
        }
    }

    /// <summary>A command line with optional <c>%s</c>: split on spaces outside double quotes.</summary>
    private static (string, IReadOnlyList<string>) FromCommandLine(string commandLine, string url)
    {
        var parts = Tokenize(commandLine);
        if (parts.Count == 0)
        {
            throw new StsException(StsFailureKind.Other, "The browser command is empty: pass --browser NAME or unset BROWSER.");
        }

        var hasPlaceholder = parts.Any(part => part.Contains("%s", StringComparison.Ordinal));
        var arguments = parts.Skip(1).Select(part => part.Replace("%s", url, StringComparison.Ordinal)).ToList();
        if (!hasPlaceholder)
        {
            arguments.Add(url);
        }

        var program = parts[0];
        if (!Path.IsPathRooted(program))
        {
            program = FindOnPath(program) ?? program;
        }

        return (program, arguments);
    }

    private static List<string> Tokenize(string commandLine)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in commandLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }

    private static string? FindOnPath(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
