using SwitchRole.Core.Registration;

namespace SwitchRole.TestSupport;

/// <summary>An in-memory registry: key paths are case-insensitive, as in Windows.</summary>
public sealed class FakeRegistry : IRegistry
{
    public Dictionary<(RegistryHive Hive, string Key), string> Values { get; } = new(new KeyComparer());

    public string? GetDefaultValue(RegistryHive hive, string keyPath) => Values.GetValueOrDefault((hive, keyPath));

    public void SetDefaultValue(RegistryHive hive, string keyPath, string value) => Values[(hive, keyPath)] = value;

    public bool DeleteKey(RegistryHive hive, string keyPath) => Values.Remove((hive, keyPath));

    private sealed class KeyComparer : IEqualityComparer<(RegistryHive Hive, string Key)>
    {
        public bool Equals((RegistryHive Hive, string Key) x, (RegistryHive Hive, string Key) y) =>
            x.Hive == y.Hive && string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((RegistryHive Hive, string Key) obj) => HashCode.Combine(obj.Hive, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key));
    }
}
