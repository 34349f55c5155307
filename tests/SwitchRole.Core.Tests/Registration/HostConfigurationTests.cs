using SwitchRole.Core.Model;
using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Tests.Registration;

public sealed class HostConfigurationTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => home.Dispose();

    [Theory]
    [InlineData("abcdefghijklmnopabcdefghijklmnop", BrowserFamily.Chromium)]
    [InlineData("switchrole@example.org", BrowserFamily.Firefox)]
    [InlineData("@addon-example", BrowserFamily.Firefox)]
    [InlineData("{daf44bf7-a45e-4450-979c-91cf07434c3d}", BrowserFamily.Firefox)]
    public void FamilyOf_ValidIds_TellsTheBrowserFamily(string id, BrowserFamily family) =>
        Assert.Equal(family, ExtensionIds.FamilyOf(id));

    [Theory]
    [InlineData("abcdefghijklmnopabcdefghijklmnoq")]
    [InlineData("abcdefghijklmnopabcdefghijklmno")]
    [InlineData("chrome-extension://abcdefghijklmnopabcdefghijklmnop/")]
    [InlineData("no-at-sign")]
    [InlineData("a@b c")]
    [InlineData("")]
    public void Require_InvalidId_NamesTheField(string id)
    {
        var ex = Assert.Throws<ValidationException>(() => ExtensionIds.Require(id, "--extension-id"));
        Assert.Equal("--extension-id", ex.Field);
    }

    [Fact]
    public void FirefoxId_Over80Characters_IsRefused() =>
        Assert.Null(ExtensionIds.FamilyOf(new string('a', 70) + "@example.org"));

    [Fact]
    public void SaveThenLoad_KeepsIdsInOrderAndUnknownKeys_FileIsPrivate()
    {
        Directory.CreateDirectory(home.Root);
        File.WriteAllText(home.Paths.ConfigurationPath, """{"futureSetting": {"x": 1}, "extensionIds": ["team@example.org"]}""");

        HostConfiguration.Load(home.Paths).WithExtensionIds(["abcdefghijklmnopabcdefghijklmnop", "team@example.org"]).Save(home.Paths);
        var loaded = HostConfiguration.Load(home.Paths);

        Assert.Equal(["team@example.org", "abcdefghijklmnopabcdefghijklmnop"], loaded.ExtensionIds);
        Assert.Equal([Constants.ChromiumDevelopmentExtensionId, "abcdefghijklmnopabcdefghijklmnop"], loaded.Served.Chromium);
        Assert.Equal([Constants.FirefoxAddonId, "team@example.org"], loaded.Served.Firefox);
        Assert.Contains("\"futureSetting\"", File.ReadAllText(home.Paths.ConfigurationPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.Paths.ConfigurationPath));
        }
    }

    [Fact]
    public void Load_NoFile_ServesTheBuiltInIdsOnly() =>
        Assert.Equal(ExtensionIdSet.BuiltIn.Chromium, HostConfiguration.Load(home.Paths).Served.Chromium);

    [Fact]
    public void Load_InvalidIdInTheFile_NamesFileAndIndex()
    {
        File.WriteAllText(home.Paths.ConfigurationPath, """{"extensionIds": ["team@example.org", "chrome-extension://x/"]}""");

        var ex = Assert.Throws<RegistrationException>(() => HostConfiguration.Load(home.Paths));

        Assert.Contains(home.Paths.ConfigurationPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("extensionIds[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallerIdentity_AddedId_IsServedOnlyInItsFamily()
    {
        var served = ExtensionIdSet.WithAdded(["abcdefghijklmnopabcdefghijklmnop"]);
        var chromium = CallerIdentity("chrome-extension://abcdefghijklmnopabcdefghijklmnop/");

        Assert.False(chromium.IsAllowed);
        Assert.True(chromium.IsServedBy(served));
        Assert.False(CallerIdentity("/x/dev.switchrole.host.json", "abcdefghijklmnopabcdefghijklmnop").IsServedBy(served));
    }

    private static SwitchRole.Core.Protocol.CallerIdentity CallerIdentity(params string[] args) => SwitchRole.Core.Protocol.CallerIdentity.FromArguments(args)!;
}
