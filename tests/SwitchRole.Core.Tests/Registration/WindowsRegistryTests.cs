using SwitchRole.Core.Registration;
using SwitchRole.Core.Registration.Windows;

namespace SwitchRole.Core.Tests.Registration;

public sealed class WindowsRegistryTests
{
    [WindowsFact]
    public void SetDefaultValue_ThenGetAndDelete_RoundTripsInHkcu()
    {
        if (!OperatingSystem.IsWindows())
        {
            return; // Unreachable: WindowsFact skips elsewhere; this satisfies the platform analyzer.
        }

        var registry = new WindowsRegistry();
        var key = $@"Software\SwitchRole.Tests\{Guid.NewGuid():N}\NativeMessagingHosts\dev.switchrole.host";
        try
        {
            registry.SetDefaultValue(RegistryHive.CurrentUser, key, @"C:\swr\manifest.json");

            Assert.Equal(@"C:\swr\manifest.json", registry.GetDefaultValue(RegistryHive.CurrentUser, key));
            Assert.True(registry.DeleteKey(RegistryHive.CurrentUser, key));
            Assert.Null(registry.GetDefaultValue(RegistryHive.CurrentUser, key));
            Assert.False(registry.DeleteKey(RegistryHive.CurrentUser, key));
        }
        finally
        {
            Microsoft.Win32.Registry.CurrentUser.DeleteSubKeyTree(@"Software\SwitchRole.Tests", throwOnMissingSubKey: false);
        }
    }

    [WindowsFact]
    public void Install_RealRegistry_ChromeKeyPointsAtTheManifest()
    {
        if (!OperatingSystem.IsWindows())
        {
            return;
        }

        using var home = new TempUserHome();
        var registry = new WindowsRegistry();
        var registrar = new Registrar(home.Environment(HostOs.Windows), registry);
        var key = $@"Software\Google\Chrome\NativeMessagingHosts\{Constants.HostName}";
        var before = registry.GetDefaultValue(RegistryHive.CurrentUser, key);
        try
        {
            registrar.Install([BrowserCatalog.Chrome], RegistrationScope.User, null, dryRun: false);

            var manifest = registry.GetDefaultValue(RegistryHive.CurrentUser, key);
            Assert.Equal(home.Path("AppData", "Local", "SwitchRole", "NativeMessagingHosts", "dev.switchrole.host.chromium.json"), manifest);
            Assert.True(File.Exists(manifest));
        }
        finally
        {
            if (before is null)
            {
                registry.DeleteKey(RegistryHive.CurrentUser, key);
            }
            else
            {
                registry.SetDefaultValue(RegistryHive.CurrentUser, key, before);
            }
        }
    }
}
