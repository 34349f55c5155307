namespace SwitchRole.Core.Registration;

/// <summary>One thing install writes and uninstall removes.</summary>
public abstract record RegistrationTarget
{
    /// <summary>How commands print it: a file path or a registry key.</summary>
    public abstract string Describe();
}

/// <summary>A host manifest file for one browser family.</summary>
public sealed record ManifestFileTarget(string Path, BrowserFamily Family) : RegistrationTarget
{
    public override string Describe() => Path;
}

/// <summary>A Windows registry key whose default value is the absolute path of a manifest file.</summary>
public sealed record RegistryKeyTarget(RegistryHive Hive, string KeyPath, string ManifestPath) : RegistrationTarget
{
    public override string Describe() => $"{(Hive == RegistryHive.CurrentUser ? "HKCU" : "HKLM")}\\{KeyPath}";
}
