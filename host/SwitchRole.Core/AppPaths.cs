namespace SwitchRole.Core;

/// <summary>Where SwitchRole keeps its data. Always absolute: browsers start the host in its own folder.</summary>
public sealed record AppPaths(string Home)
{
    public string DatabasePath => Path.Combine(Home, "switchrole.db");

    public string LogDirectory => Path.Combine(Home, "logs");

    public string BackupDirectory => Path.Combine(Home, "backups");

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
