namespace SwitchRole.TestSupport;

/// <summary>Where the repository and the binary under test are.</summary>
public static class RepoPaths
{
    /// <summary>Set to a published binary (e.g. the NativeAOT build) to run the process tests against it.</summary>
    public const string BinaryEnvironmentVariable = "SWITCHROLE_TEST_BINARY";

    public static string Root { get; } = FindRoot();

    /// <summary><c>$SWITCHROLE_TEST_BINARY</c>, else the <c>switchrole</c> apphost copied beside the test assembly.</summary>
    public static string SwitchRoleBinary
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(BinaryEnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return Path.GetFullPath(overridden);
            }

            var local = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "switchrole.exe" : "switchrole");
            return File.Exists(local) ? local : throw new FileNotFoundException("The switchrole binary is not beside the tests; build SwitchRole.Host or set " + BinaryEnvironmentVariable, local);
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SwitchRole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SwitchRole.sln not found above " + AppContext.BaseDirectory);
    }
}
