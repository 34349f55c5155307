using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class BrowserLauncherTests
{
    private static readonly Uri Url = new("https://signin.aws.amazon.com/federation?Action=login&SigninToken=x");

    [Fact]
    public void Resolve_CommandWithPlaceholder_SubstitutesTheUrl()
    {
        var (file, arguments) = BrowserLauncher.Resolve(Url, "/usr/bin/env --new-window=\"a b\" %s", _ => null);

        Assert.Equal("/usr/bin/env", file);
        Assert.Equal(["--new-window=a b", Url.AbsoluteUri], arguments);
    }

    [Fact]
    public void Resolve_NoBrowserButBrowserVariable_UsesItsFirstEntryAndAppendsUrl()
    {
        var (file, arguments) = BrowserLauncher.Resolve(Url, null, name => name == "BROWSER" ? $"/usr/bin/env -i{Path.PathSeparator}/bin/false" : null);

        Assert.Equal("/usr/bin/env", file);
        Assert.Equal(["-i", Url.AbsoluteUri], arguments);
    }

    [Fact]
    public void Resolve_KnownNameNotInstalled_ThrowsWithPrintHint()
    {
        if (OperatingSystem.IsMacOS())
        {
            // macOS hands the name to `open -a`, which reports a missing app itself.
            Assert.Equal(("open", ["-a", "Brave Browser", Url.AbsoluteUri]), BrowserLauncher.Resolve(Url, "brave", _ => null));
            return;
        }

        var ex = Assert.Throws<StsException>(() => BrowserLauncher.Resolve(Url, "brave", _ => null));

        Assert.Contains("--print", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Chromium_FindsTheInstalledChromium()
    {
        var (file, arguments) = BrowserLauncher.Resolve(Url, "chromium", _ => null);

        Assert.True(File.Exists(file), file);
        Assert.Equal([Url.AbsoluteUri], arguments);
    }

    [Fact]
    public void Open_CommandFailsAtOnce_ThrowsNamingIt()
    {
        var ex = Assert.Throws<StsException>(() => BrowserLauncher.Open(Url, "/bin/false", _ => null));

        Assert.Contains("'false' failed", ex.Message, StringComparison.Ordinal);
    }
}
