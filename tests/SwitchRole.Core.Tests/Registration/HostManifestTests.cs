using SwitchRole.Core.Registration;

namespace SwitchRole.Core.Tests.Registration;

public sealed class HostManifestTests
{
    [Fact]
    public void ToJson_Chromium_WritesAllowedOriginsWithTrailingSlash()
    {
        var json = HostManifest.For(BrowserFamily.Chromium, "/opt/swr/switchrole").ToJson();

        Assert.Equal("""
            {
              "name": "dev.switchrole.host",
              "description": "SwitchRole: AWS switch-role entries shared by every browser",
              "path": "/opt/swr/switchrole",
              "type": "stdio",
              "allowed_origins": [
                "chrome-extension://nocfbhnapafompiapfplkdilpjojbmip/"
              ]
            }

            """, json);
    }

    [Fact]
    public void ToJson_Firefox_WritesAllowedExtensionsOnly()
    {
        var json = HostManifest.For(BrowserFamily.Firefox, "/opt/swr/switchrole").ToJson();

        Assert.Equal("""
            {
              "name": "dev.switchrole.host",
              "description": "SwitchRole: AWS switch-role entries shared by every browser",
              "path": "/opt/swr/switchrole",
              "type": "stdio",
              "allowed_extensions": [
                "switchrole@switchrole.dev"
              ]
            }

            """, json);
    }

    [Fact]
    public void For_RelativePath_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => HostManifest.For(BrowserFamily.Chromium, "bin/switchrole"));

        Assert.Contains("absolute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NotJson_ReturnsNullWithReason()
    {
        var manifest = HostManifest.TryParse("{ name: ", out var error);

        Assert.Null(manifest);
        Assert.StartsWith("not a valid host manifest", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WrittenJson_RoundTrips()
    {
        var original = HostManifest.For(BrowserFamily.Firefox, "/opt/swr/switchrole");

        var parsed = HostManifest.TryParse(original.ToJson(), out var error);

        Assert.Null(error);
        Assert.Equal(original.Path, parsed!.Path);
        Assert.Equal(original.AllowedExtensions, parsed.AllowedExtensions);
    }
}
