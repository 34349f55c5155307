namespace SwitchRole.Core.Registration;

/// <summary>The operating systems SwitchRole registers on.</summary>
public enum HostOs
{
    Linux,
    MacOS,
    Windows,
}

/// <summary>Per user (no admin rights) or for every user of the machine.</summary>
public enum RegistrationScope
{
    User,
    System,
}

/// <summary>
/// Everything registration reads from the machine: the OS, the home folder, environment variables and the
/// binary to register. Injectable, so tests run the Linux, macOS and Windows layouts against a temporary home.
/// </summary>
public sealed record RegistrationEnvironment(
    HostOs Os,
    string HomeDirectory,
    string HostBinaryPath,
    Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>The running machine; the host binary is this process's executable.</summary>
    public static RegistrationEnvironment FromProcess(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var os = OperatingSystem.IsWindows() ? HostOs.Windows : OperatingSystem.IsMacOS() ? HostOs.MacOS : HostOs.Linux;
        var home = os == HostOs.Windows ? null : getEnvironmentVariable("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        }

        return new RegistrationEnvironment(os, home, Environment.ProcessPath ?? string.Empty, getEnvironmentVariable);
    }

    /// <summary>
    /// The binary path every manifest points at. Must be absolute, and must be the host itself: a manifest
    /// pointing at the <c>dotnet</c> muxer (a <c>dotnet run</c>) would start the wrong program.
    /// </summary>
    public string RequireHostBinary()
    {
        if (string.IsNullOrEmpty(HostBinaryPath) || !Path.IsPathFullyQualified(HostBinaryPath))
        {
            throw new RegistrationException($"Cannot tell where the switchrole binary is (got '{HostBinaryPath}'). Run the installed switchrole binary itself.");
        }

        var name = Path.GetFileNameWithoutExtension(HostBinaryPath);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistrationException("switchrole is running through 'dotnet'; browsers need a binary they can start directly. Publish it (installers/ do) and run the published switchrole.");
        }

        return HostBinaryPath;
    }

    /// <summary>The executable browsers start: <c>switchrole-host</c> (<c>.exe</c> on Windows) beside <c>switchrole</c>; the manifests name it.</summary>
    public static string BrowserHostFileName(HostOs os) => os == HostOs.Windows ? "switchrole-host.exe" : "switchrole-host";

    /// <summary>
    /// The path every manifest points at: <see cref="BrowserHostFileName"/> in the folder of the running
    /// <c>switchrole</c> (both ship, install and uninstall together).
    /// </summary>
    public string RequireBrowserHost() =>
        Path.Combine(Path.GetDirectoryName(RequireHostBinary())!, BrowserHostFileName(Os));

    /// <summary>
    /// The root the machine-wide folders (<c>/etc/opt/chrome/…</c>, <c>/usr/lib/mozilla/…</c>, <c>/Library/…</c>) are
    /// read and written under: <c>/</c> on a real machine, a temporary folder in tests.
    /// </summary>
    public string SystemRoot { get; init; } = "/";

    /// <summary>An absolute machine-wide path (as browsers read it) under <see cref="SystemRoot"/>.</summary>
    public string SystemPath(string absolutePath)
    {
        ArgumentNullException.ThrowIfNull(absolutePath);
        return SystemRoot == "/" ? absolutePath : Path.Combine(SystemRoot, absolutePath.TrimStart('/'));
    }

    /// <summary><c>$XDG_CONFIG_HOME</c> when absolute (as Chromium reads it), else <c>~/.config</c>.</summary>
    public string LinuxConfigHome
    {
        get
        {
            var xdg = GetEnvironmentVariable("XDG_CONFIG_HOME");
            return !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(HomeDirectory, ".config");
        }
    }

    public string MacApplicationSupport => Path.Combine(HomeDirectory, "Library", "Application Support");

    public string WindowsLocalAppData => WindowsFolder("LOCALAPPDATA", Path.Combine(HomeDirectory, "AppData", "Local"));

    public string WindowsRoamingAppData => WindowsFolder("APPDATA", Path.Combine(HomeDirectory, "AppData", "Roaming"));

    public string WindowsProgramData => WindowsFolder("ProgramData", Path.Combine(Path.GetPathRoot(HomeDirectory) ?? "/", "ProgramData"));

    /// <summary>Finds an executable by name in <c>$PATH</c>; null when absent.</summary>
    public string? FindOnPath(string name)
    {
        var path = GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, Os == HostOs.Windows ? name + ".exe" : name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private string WindowsFolder(string variable, string fallback)
    {
        var value = GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(value) ? fallback : value;
    }
}

/// <summary>Registration cannot go ahead; the message says why and what to do.</summary>
public sealed class RegistrationException : Exception
{
    public RegistrationException()
    {
    }

    public RegistrationException(string message)
        : base(message)
    {
    }

    public RegistrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
