namespace SwitchRole.Core.Registration;

/// <summary>Where one OS keeps host registrations, and how to tell a browser is installed there.</summary>
public interface IRegistrationLayout
{
    /// <summary>
    /// What install writes for <paramref name="browser"/>, in order (on Windows the manifest file comes before
    /// the keys pointing at it). With <paramref name="userDataDirectory"/>, the one manifest inside that
    /// Chromium profile root.
    /// </summary>
    IReadOnlyList<RegistrationTarget> TargetsFor(BrowserInfo browser, RegistrationScope scope, string? userDataDirectory);

    /// <summary>Whether the browser is installed natively, and the evidence (a folder or an executable).</summary>
    BrowserPresence Detect(BrowserInfo browser);
}

/// <summary>How a browser shows up on this machine.</summary>
/// <param name="Evidence">The folder or executable that shows it is installed natively; null when it is not.</param>
/// <param name="SandboxEvidence">A Flatpak or Snap install of it (its data folder), where native messaging needs extra steps.</param>
public sealed record BrowserPresence(string? Evidence, string? SandboxEvidence)
{
    public bool IsInstalled => Evidence is not null;
}
