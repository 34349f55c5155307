namespace SwitchRole.Core.Registration;

/// <summary>A browser install will not register with, and why (in words a user can act on).</summary>
public sealed record SkippedBrowser(BrowserInfo Browser, string Reason, bool Named);

/// <summary>The browsers a command acts on, the ones it skipped, and notes about the chosen ones.</summary>
public sealed record BrowserSelection(
    IReadOnlyList<BrowserInfo> Chosen,
    IReadOnlyList<SkippedBrowser> Skipped,
    IReadOnlyList<string> Notes);

/// <summary>Flatpak and Snap browsers: what works and what does not.</summary>
public static class SandboxAdvice
{
    public static bool IsFlatpak(string sandboxEvidence) =>
        sandboxEvidence.Replace('\\', '/').Contains("/.var/app/", StringComparison.Ordinal);

    /// <summary>Firefox as a Snap reaches hosts through the WebExtensions portal, which reads the normal per-user folder.</summary>
    public static bool Works(BrowserInfo browser, string sandboxEvidence) =>
        browser.Family == BrowserFamily.Firefox && !IsFlatpak(sandboxEvidence);

    public static string Explain(BrowserInfo browser, string sandboxEvidence)
    {
        ArgumentNullException.ThrowIfNull(browser);
        if (Works(browser, sandboxEvidence))
        {
            return $"{browser.DisplayName} is a Snap ({sandboxEvidence}): it reaches switchrole through the WebExtensions portal, which reads the normal manifest. " +
                "If the extension cannot connect, set widget.use-xdg-desktop-portal.native-messaging to 2 in about:config.";
        }

        var kind = IsFlatpak(sandboxEvidence) ? "Flatpak" : "Snap";
        return $"{browser.DisplayName} is a {kind} ({sandboxEvidence}): it starts native hosts inside its sandbox, where switchrole and your database are out of reach, " +
            $"so a manifest cannot work. Install {browser.DisplayName} from your distribution's or the vendor's package, or use another browser.";
    }
}
