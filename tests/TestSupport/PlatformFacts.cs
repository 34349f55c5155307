namespace SwitchRole.TestSupport;

/// <summary>A fact that exercises the real Windows registry, so it runs on Windows only.</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "Windows only: uses the real registry.";
        }
    }
}

/// <summary>A fact about Unix file modes, so it runs on Linux and macOS only.</summary>
public sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Linux and macOS only: Unix file modes.";
        }
    }
}
