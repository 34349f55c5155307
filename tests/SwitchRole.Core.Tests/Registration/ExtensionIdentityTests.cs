using System.Security.Cryptography;
using System.Text.Json;
using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Tests.Registration;

/// <summary>The pinned identities line up end to end: the extension's key, Constants, and every manifest install writes.</summary>
public sealed class ExtensionIdentityTests
{
    [Fact]
    public void ChromiumKey_DerivedId_EqualsPinnedConstant()
    {
        var id = DeriveChromiumId(ReadExtensionKey());

        Assert.Equal(Constants.ChromiumDevelopmentExtensionId, id);
        Assert.Contains(id, Constants.ChromiumExtensionIds);
    }

    [Fact]
    public void HostName_IsValidInEveryBrowser()
    {
        // Chromium: [a-z0-9._] only, no leading/trailing dot, no "..". Firefox: ^\w+(\.\w+)*$.
        Assert.Matches("^[a-z0-9_]+(\\.[a-z0-9_]+)*$", Constants.HostName);
    }

    [Theory]
    [InlineData(HostOs.Linux)]
    [InlineData(HostOs.MacOS)]
    [InlineData(HostOs.Windows)]
    public void Install_EveryBrowser_EveryManifestListsTheDerivedIds(HostOs os)
    {
        using var home = new TempUserHome();
        var registrar = new Registrar(home.Environment(os), new FakeRegistry());
        var derivedOrigin = $"chrome-extension://{DeriveChromiumId(ReadExtensionKey())}/";

        registrar.Install(BrowserCatalog.All, RegistrationScope.User, null, dryRun: false);

        var files = registrar.TargetsOf(BrowserCatalog.All, RegistrationScope.User, null).OfType<ManifestFileTarget>().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var manifest = HostManifest.TryParse(File.ReadAllText(file.Path), out _)!;
            Assert.Equal(Constants.HostName, manifest.Name);
            if (file.Family == BrowserFamily.Chromium)
            {
                Assert.Contains(derivedOrigin, manifest.AllowedOrigins!);
                Assert.Null(manifest.AllowedExtensions);
            }
            else
            {
                Assert.Equal(Constants.FirefoxAddonIds, manifest.AllowedExtensions!);
                Assert.Null(manifest.AllowedOrigins);
            }
        }
    }

    [Fact]
    public void ExtensionManifests_GeckoIds_AreServed()
    {
        // Every extension manifest that names a gecko id must name one the host manifests list.
        var geckoIds = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "extension"), "manifest*.json")
            .Select(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement)
            .Where(root => root.TryGetProperty("browser_specific_settings", out _))
            .Select(root => root.GetProperty("browser_specific_settings").GetProperty("gecko").GetProperty("id").GetString())
            .ToList();

        Assert.All(geckoIds, id => Assert.Contains(id, Constants.FirefoxAddonIds));
    }

    /// <summary>Chromium's rule: SHA-256 of the DER public key, first 16 bytes as hex, digits 0-f mapped to a-p.</summary>
    internal static string DeriveChromiumId(string base64Key)
    {
        var hash = SHA256.HashData(Convert.FromBase64String(base64Key));
        return string.Concat(Convert.ToHexStringLower(hash, 0, 16).Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));
    }

    internal static string ReadExtensionKey()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "extension", "manifest.chromium.json")));
        return manifest.RootElement.GetProperty("key").GetString()!;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SwitchRole.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SwitchRole.sln not found above " + AppContext.BaseDirectory);
    }
}
