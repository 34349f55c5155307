using System.Text.Json.Serialization;

namespace SwitchRole.Core.Registration;

/// <summary>
/// A native-messaging host manifest, as browsers read it. Install generates every manifest file from this
/// record (never from a template). Chromium-family files carry <see cref="AllowedOrigins"/>, Firefox-family
/// files <see cref="AllowedExtensions"/>; each file has exactly one of them.
/// </summary>
public sealed record HostManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("allowed_origins")] IReadOnlyList<string>? AllowedOrigins,
    [property: JsonPropertyName("allowed_extensions")] IReadOnlyList<string>? AllowedExtensions)
{
    public const string StdioType = "stdio";

    /// <summary>The manifest for one browser family, pointing at <paramref name="hostBinaryPath"/> (absolute).</summary>
    public static HostManifest For(BrowserFamily family, string hostBinaryPath) => For(family, hostBinaryPath, ExtensionIdSet.BuiltIn);

    /// <summary>The manifest for one browser family, allowing exactly the extensions in <paramref name="ids"/>.</summary>
    public static HostManifest For(BrowserFamily family, string hostBinaryPath, ExtensionIdSet ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (!System.IO.Path.IsPathFullyQualified(hostBinaryPath))
        {
            throw new ArgumentException($"The host path must be absolute, got '{hostBinaryPath}'.", nameof(hostBinaryPath));
        }

        return family == BrowserFamily.Chromium
            ? new HostManifest(Constants.HostName, Constants.HostDescription, hostBinaryPath, StdioType,
                [.. ids.Chromium.Select(Constants.ChromiumOrigin)], null)
            : new HostManifest(Constants.HostName, Constants.HostDescription, hostBinaryPath, StdioType,
                null, [.. ids.Firefox]);
    }

    /// <summary>The exact text install writes: indented JSON with a final newline.</summary>
    public string ToJson() =>
        System.Text.Json.JsonSerializer.Serialize(this, RegistrationJsonContext.Default.HostManifest) + "\n";

    /// <summary>Parses a manifest file's text; null when it is not a JSON object of this shape.</summary>
    public static HostManifest? TryParse(string json, out string? error)
    {
        try
        {
            var manifest = System.Text.Json.JsonSerializer.Deserialize(json, RegistrationJsonContext.Default.HostManifest);
            error = manifest is null ? "the file holds JSON null" : null;
            return manifest;
        }
        catch (System.Text.Json.JsonException ex)
        {
            error = $"not a valid host manifest: {ex.Message}";
            return null;
        }
    }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    IndentSize = 2,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HostManifest))]
internal sealed partial class RegistrationJsonContext : JsonSerializerContext;
