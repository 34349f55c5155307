namespace SwitchRole.Core;

/// <summary>Where SwitchRole keeps its data. Always absolute: browsers start the host in its own folder.</summary>
public sealed record AppPaths(string Home)
{
    public string DatabasePath => Path.Combine(Home, "switchrole.db");

    public string LogDirectory => Path.Combine(Home, "logs");

    public string BackupDirectory => Path.Combine(Home, "backups");

    /// <summary>The host's own settings (extension ids added with <c>install --extension-id</c>), 0600.</summary>
    public string ConfigurationPath => Path.Combine(Home, "config.json");

    /// <summary>
    /// Where the per-user installers put the binary: inside this same folder on every OS (one folder per user,
    /// one spelling: <c>SwitchRole</c>), so no two SwitchRole folders differ only by letter case.
    /// </summary>
    public string BinaryDirectory => Path.Combine(Home, "bin");

    /// <summary><c>$SWITCHROLE_HOME</c> if set, else <c>&lt;LocalApplicationData&gt;/SwitchRole</c>.</summary>
    public static AppPaths FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var overridden = getEnvironmentVariable(Constants.HomeEnvironmentVariable);
        var home = string.IsNullOrWhiteSpace(overridden)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "SwitchRole")
            : overridden;
        return new AppPaths(Path.GetFullPath(home));
    }
}
