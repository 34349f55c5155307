using SwitchRole.Core.Registration;

namespace SwitchRole.TestSupport;

/// <summary>A throwaway home folder and the registration environment of one OS inside it.</summary>
public sealed class TempUserHome : IDisposable
{
    public TempUserHome()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "swr-reg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Binary = System.IO.Path.Combine(Root, "bin", "switchrole");
    }

    public string Root { get; }

    /// <summary>Stands in for <c>/</c> in machine-wide paths.</summary>
    public string SystemRoot => Path("system");

    /// <summary>Where the registered binary is said to be (tests that do not start it need no file there).</summary>
    public string Binary { get; set; }

    /// <summary>What the manifests name: switchrole-host beside <see cref="Binary"/> (POSIX layouts).</summary>
    public string BrowserHost => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Binary) ?? "", "switchrole-host");

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal) { ["PATH"] = string.Empty };

    public string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Makes a browser look installed by creating its profile folder.</summary>
    public void CreateDirectory(params string[] parts) => Directory.CreateDirectory(Path(parts));

    public RegistrationEnvironment Environment(HostOs os)
    {
        if (os == HostOs.Windows)
        {
            Variables.TryAdd("LOCALAPPDATA", Path("AppData", "Local"));
            Variables.TryAdd("APPDATA", Path("AppData", "Roaming"));
            Variables.TryAdd("ProgramData", Path("ProgramData"));
        }

        // Machine-wide folders (/etc/opt/chrome/..., /usr/lib/mozilla/...) live under SystemRoot: tests never read the real ones.
        return new RegistrationEnvironment(os, Root, Binary, name => Variables.GetValueOrDefault(name)) { SystemRoot = SystemRoot };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
