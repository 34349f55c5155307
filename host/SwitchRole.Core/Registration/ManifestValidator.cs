namespace SwitchRole.Core.Registration;

/// <summary>Checks a manifest file against what install would write there; each problem is one sentence.</summary>
public static class ManifestValidator
{
    public static IReadOnlyList<string> Validate(string manifestPath, BrowserFamily family, string expectedBinary) =>
        Validate(manifestPath, family, expectedBinary, ExtensionIdSet.BuiltIn);

    /// <summary>As above, with the extension ids the host serves (the built-in ones plus those in its configuration).</summary>
    public static IReadOnlyList<string> Validate(string manifestPath, BrowserFamily family, string expectedBinary, ExtensionIdSet ids)
    {
        string text;
        try
        {
            text = File.ReadAllText(manifestPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [$"cannot read {manifestPath}: {ex.Message}"];
        }

        var manifest = HostManifest.TryParse(text, out var parseError);
        if (manifest is null)
        {
            return [$"{manifestPath}: {parseError}"];
        }

        var expected = HostManifest.For(family, expectedBinary, ids);
        var problems = new List<string>();
        if (manifest.Name != Constants.HostName)
        {
            problems.Add($"name is '{manifest.Name}', expected '{Constants.HostName}'");
        }

        if (string.IsNullOrWhiteSpace(manifest.Description))
        {
            problems.Add("description is empty (Chromium rejects the manifest)");
        }

        if (manifest.Type != HostManifest.StdioType)
        {
            problems.Add($"type is '{manifest.Type}', expected 'stdio'");
        }

        if (string.IsNullOrEmpty(manifest.Path) || !Path.IsPathFullyQualified(manifest.Path))
        {
            problems.Add($"path '{manifest.Path}' is not absolute (browsers refuse it)");
        }
        else if (!SamePath(manifest.Path, expectedBinary))
        {
            problems.Add($"path points at {manifest.Path}, not at this switchrole ({expectedBinary})");
        }

        var (listName, actual, wanted) = family == BrowserFamily.Chromium
            ? ("allowed_origins", manifest.AllowedOrigins, expected.AllowedOrigins!)
            : ("allowed_extensions", manifest.AllowedExtensions, expected.AllowedExtensions!);
        var missing = wanted.Except(actual ?? []).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{listName} lacks {string.Join(", ", missing)}");
        }

        var extra = (actual ?? []).Except(wanted).ToList();
        if (extra.Count > 0)
        {
            problems.Add($"{listName} lists {string.Join(", ", extra)}, which SwitchRole does not serve");
        }

        return problems;
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
