using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwitchRole.Core.Registration;

/// <summary>
/// The host's own settings, in <c>config.json</c> in the data folder (0600): the extension ids added with
/// <c>switchrole install --extension-id</c>, so later installs and every host start keep serving them.
/// Keys this version does not know are kept when the file is rewritten.
/// </summary>
public sealed class HostConfiguration
{
    private readonly Dictionary<string, JsonElement>? other;

    private HostConfiguration(IReadOnlyList<string> extensionIds, Dictionary<string, JsonElement>? other)
    {
        ExtensionIds = extensionIds;
        this.other = other;
    }

    public static HostConfiguration Empty { get; } = new([], null);

    /// <summary>Extension ids added on top of the built-in ones, in the order they were added.</summary>
    public IReadOnlyList<string> ExtensionIds { get; }

    /// <summary>Every id the host serves and its manifests list: the built-in ones, then <see cref="ExtensionIds"/>.</summary>
    public ExtensionIdSet Served => ExtensionIdSet.WithAdded(ExtensionIds);

    /// <summary>This configuration with <paramref name="ids"/> added (already validated), each id once.</summary>
    public HostConfiguration WithExtensionIds(IEnumerable<string> ids) =>
        new([.. ExtensionIds.Concat(ids).Distinct(StringComparer.Ordinal)], other);

    /// <summary>Reads <see cref="AppPaths.ConfigurationPath"/>; no file means no added ids.</summary>
    /// <exception cref="RegistrationException">The file cannot be read, is not valid JSON, or lists an invalid id: the message names the file and the place.</exception>
    public static HostConfiguration Load(AppPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.ConfigurationPath;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationException($"Cannot read {path}: {ex.Message}", ex);
        }

        // Read through a JsonDocument, not the serializer: switchrole-host reads this file (for an added extension
        // id), and carries no JsonSerializer (docs/performance.md). Saving, in the CLI, uses the context.
        List<string?> ids = [];
        Dictionary<string, JsonElement>? other = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new RegistrationException($"{path}: not valid settings JSON (the top level must be an object). Fix or delete the file, then run switchrole install again.");
            }

            foreach (var member in root.ValueKind == JsonValueKind.Object ? root.EnumerateObject() : default)
            {
                if (member.Name != "extensionIds")
                {
                    (other ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[member.Name] = member.Value.Clone();
                    continue;
                }

                if (member.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (member.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new RegistrationException($"{path}: not valid settings JSON (extensionIds must be an array of strings). Fix or delete the file, then run switchrole install again.");
                }

                ids = [.. member.Value.EnumerateArray().Select(id => id.ValueKind == JsonValueKind.String ? id.GetString() : null)];
            }
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            throw new RegistrationException($"{path}{where}: not valid settings JSON ({ex.Message}). Fix or delete the file, then run switchrole install again.", ex);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is not { } id || Registration.ExtensionIds.FamilyOf(id) is null)
            {
                throw new RegistrationException($"{path}: extensionIds[{i}] is not a Chromium extension id or a Firefox add-on id. Fix or delete the file, then run switchrole install again.");
            }
        }

        return new HostConfiguration([.. ids.OfType<string>().Distinct(StringComparer.Ordinal)], other);
    }

    /// <summary>Writes the file atomically, private to the user (0600 in a 0700 folder).</summary>
    public void Save(AppPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.ConfigurationPath;
        var json = JsonSerializer.Serialize(new HostConfigurationDocument { ExtensionIds = [.. ExtensionIds], Other = other }, HostConfigurationJsonContext.Default.HostConfigurationDocument) + "\n";
        var temporary = Path.Combine(paths.Home, $".config.json.{Environment.ProcessId}.tmp");
        try
        {
            if (!Directory.Exists(paths.Home))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(paths.Home);
                }
                else
                {
                    Directory.CreateDirectory(paths.Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(json);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new RegistrationException($"Cannot write {path}: {ex.Message}", ex);
        }
    }
}

/// <summary>The file's shape. Settable properties: the source generator sets init-only ones through the constructor, where extension data cannot bind.</summary>
internal sealed class HostConfigurationDocument
{
    [JsonPropertyName("extensionIds")]
    public List<string>? ExtensionIds { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 2, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HostConfigurationDocument))]
internal sealed partial class HostConfigurationJsonContext : JsonSerializerContext;
