namespace SwitchRole.Core;

/// <summary>
/// Identities that must line up end to end: the host manifest name, the extension ids browsers may start
/// the host for, and the environment variables the host reads. Defined here once; the extension's manifest
/// carries the matching <c>key</c> and gecko id, and a test checks that they agree.
/// </summary>
public static class Constants
{
    /// <summary>The native-messaging host name: lowercase and dots, valid in every browser.</summary>
    public const string HostName = "dev.switchrole.host";

    public const string HostDescription = "SwitchRole: AWS switch-role entries shared by every browser";

    /// <summary>The id Chromium derives from the pinned <c>key</c> in <c>extension/manifest.chromium.json</c>.</summary>
    public const string ChromiumDevelopmentExtensionId = "nocfbhnapafompiapfplkdilpjojbmip";

    /// <summary>Every Chromium-family extension id the host serves: the pinned development id, then store ids as they are assigned.</summary>
    public static readonly IReadOnlyList<string> ChromiumExtensionIds = [ChromiumDevelopmentExtensionId];

    /// <summary>The Firefox add-on id (<c>browser_specific_settings.gecko.id</c>).</summary>
    public const string FirefoxAddonId = "switchrole@switchrole.dev";

    /// <summary>Every Firefox add-on id the host serves.</summary>
    public static readonly IReadOnlyList<string> FirefoxAddonIds = [FirefoxAddonId];

    /// <summary>Overrides the data folder (tests, portable use).</summary>
    public const string HomeEnvironmentVariable = "SWITCHROLE_HOME";

    /// <summary>The Chromium origin form of an extension id, as browsers pass it and manifests list it.</summary>
    public static string ChromiumOrigin(string extensionId) => $"chrome-extension://{extensionId}/";
}
