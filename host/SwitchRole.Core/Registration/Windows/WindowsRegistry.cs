using System.Runtime.Versioning;
using Microsoft.Win32;

namespace SwitchRole.Core.Registration.Windows;

/// <summary>The real registry. HKCU is not split by WOW64; HKLM writes go to the 64-bit view, which Chrome and Firefox both read.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsRegistry : IRegistry
{
    public string? GetDefaultValue(RegistryHive hive, string keyPath)
    {
        using var key = Open(hive).OpenSubKey(keyPath, writable: false);
        return key?.GetValue(null) as string;
    }

    public void SetDefaultValue(RegistryHive hive, string keyPath, string value)
    {
        using var key = Open(hive).CreateSubKey(keyPath, writable: true);
        key.SetValue(null, value, RegistryValueKind.String);
    }

    public bool DeleteKey(RegistryHive hive, string keyPath)
    {
        var root = Open(hive);
        using (var existing = root.OpenSubKey(keyPath, writable: false))
        {
            if (existing is null)
            {
                return false;
            }
        }

        root.DeleteSubKey(keyPath, throwOnMissingSubKey: false);
        return true;
    }

    private static RegistryKey Open(RegistryHive hive) =>
        RegistryKey.OpenBaseKey(hive == RegistryHive.CurrentUser ? Microsoft.Win32.RegistryHive.CurrentUser : Microsoft.Win32.RegistryHive.LocalMachine, RegistryView.Registry64);
}
