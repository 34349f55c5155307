namespace SwitchRole.Core.Registration;

/// <summary>The registry hive a key lives in.</summary>
public enum RegistryHive
{
    CurrentUser,
    LocalMachine,
}

/// <summary>
/// The few registry operations registration needs: the default value of a key. Windows-only in production
/// (<see cref="Windows.WindowsRegistry"/>); tests use an in-memory fake on every OS.
/// </summary>
public interface IRegistry
{
    /// <summary>The key's default value, or null when the key or value does not exist.</summary>
    string? GetDefaultValue(RegistryHive hive, string keyPath);

    /// <summary>Creates the key if needed and sets its default value.</summary>
    void SetDefaultValue(RegistryHive hive, string keyPath, string value);

    /// <summary>Deletes the key (which has no subkeys); false when it did not exist.</summary>
    bool DeleteKey(RegistryHive hive, string keyPath);
}
