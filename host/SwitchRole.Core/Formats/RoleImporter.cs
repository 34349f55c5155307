using System.Text.RegularExpressions;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>Reads a role file in any supported format: decode, detect (for <see cref="ImportFormat.Auto"/>), parse.</summary>
public static partial class RoleImporter
{
    public static readonly IReadOnlyList<string> FormatNames = ["aesr", "aws-config", "csv", "json", "links", "cookie"];

    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.Aesr => "aesr",
        ImportFormat.AwsConfig => "aws-config",
        ImportFormat.Csv => "csv",
        ImportFormat.Json => "json",
        ImportFormat.Links => "links",
        ImportFormat.Cookie => "cookie",
        _ => "auto",
    };

    public static ImportFormat? ParseFormatName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "auto" or null or "" => ImportFormat.Auto,
        "aesr" or "ini" => ImportFormat.Aesr,
        "aws-config" or "awsconfig" => ImportFormat.AwsConfig,
        "csv" => ImportFormat.Csv,
        "json" => ImportFormat.Json,
        "links" or "link" => ImportFormat.Links,
        "cookie" => ImportFormat.Cookie,
        _ => null,
    };

    /// <summary>The canonical name of an import format (<c>auto</c> included), as stored for a team source.</summary>
    /// <exception cref="ValidationException">Not a format this reader knows; the message lists them.</exception>
    public static string NormalizeFormatName(string? format, string field = "format")
    {
        var parsed = ParseFormatName(format)
            ?? throw new ValidationException(field, $"must be auto, {string.Join(", ", FormatNames)}; got '{RoleValidator.Printable(format ?? "")}'");
        return Name(parsed);
    }

    /// <summary>Decodes and parses <paramref name="bytes"/>. Binary data, bad encodings and unknown formats come back as errors.</summary>
    public static ParsedImport Parse(ReadOnlySpan<byte> bytes, ImportFormat format, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = TextInput.Decode(bytes, options.FileName, out var error);
        return text is null ? Failed(format, error!) : Parse(text, format, options);
    }

    public static ParsedImport Parse(string text, ImportFormat format, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (format == ImportFormat.Auto)
        {
            var detected = Detect(text, out var why);
            if (detected is null)
            {
                return Failed(format, new ImportError(options.FileName, SourceLocation.Start, "format",
                    $"cannot tell the format ({why}); tried {string.Join(", ", FormatNames)}. Name it with --format"));
            }

            format = detected.Value;
        }

        return format switch
        {
            ImportFormat.Aesr => AesrFormat.Parse(text, options),
            ImportFormat.AwsConfig => AwsConfigFormat.Parse(text, options),
            ImportFormat.Csv => CsvFormat.Parse(text, options),
            ImportFormat.Json => BackupFormat.Parse(text, options),
            ImportFormat.Links => LinksFormat.Parse(text, options),
            ImportFormat.Cookie => CookieFormat.Parse(text, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Guesses the format from the content; null with the reason when nothing fits.</summary>
    public static ImportFormat? Detect(string text, out string why)
    {
        ArgumentNullException.ThrowIfNull(text);
        why = "";
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0)
        {
            why = "the file is empty";
            return null;
        }

        if (trimmed.StartsWith(CookieFormat.CookieName, StringComparison.Ordinal) || trimmed.StartsWith("%7B", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.Cookie;
        }

        if (trimmed[0] == '{')
        {
            return CookieShape().IsMatch(trimmed) && !trimmed.Contains("\"entries\"", StringComparison.Ordinal) ? ImportFormat.Cookie : ImportFormat.Json;
        }

        var first = FirstMeaningfulLine(trimmed);
        if (first.StartsWith('[') && IniHeader().IsMatch(first))
        {
            return LooksLikeAesr(trimmed) ? ImportFormat.Aesr : ImportFormat.AwsConfig;
        }

        if (first.StartsWith('['))
        {
            return ImportFormat.Json;
        }

        if (first.Contains("https://", StringComparison.OrdinalIgnoreCase) && first.Contains("/switchrole", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.Links;
        }

        var header = first.ToLowerInvariant();
        if (header.Contains("account_id", StringComparison.Ordinal) && header.IndexOfAny([',', ';', '\t']) >= 0)
        {
            return ImportFormat.Csv;
        }

        why = $"line 1 starts with '{RoleValidator.Printable(first.Length > 40 ? first[..40] : first)}', which is no [section], JSON, link or CSV header with account_id";
        return null;
    }

    private static bool LooksLikeAesr(string text)
    {
        // AESR-only keys decide; a file with only role_arn profiles reads the same either way except for skipping.
        if (AesrKeys().IsMatch(text))
        {
            return true;
        }

        return !AwsConfigMarkers().IsMatch(text);
    }

    private static string FirstMeaningfulLine(string text)
    {
        foreach (var line in TextInput.SplitLines(text))
        {
            var t = line.Trim();
            if (t.Length > 0 && t[0] is not '#' and not ';')
            {
                return t;
            }
        }

        return "";
    }

    private static ParsedImport Failed(ImportFormat format, ImportError error) => new(format, [], [], [], [error], false);

    [GeneratedRegex("""^\{\s*"(bn|ba|rl)"\s*:""")]
    private static partial Regex CookieShape();

    [GeneratedRegex(@"^\[[^\[\]""{}]+\]\s*([#;].*)?$")]
    private static partial Regex IniHeader();

    [GeneratedRegex(@"(?im)^\s*(aws_account_id|target_role_name|target_region|aws_account_alias|image)\s*=")]
    private static partial Regex AesrKeys();

    [GeneratedRegex(@"(?im)^\s*(\[default\]|\[sso-session\s|\[services\s|\[profile\s|(output|sso_\w+|credential_source|credential_process|mfa_serial|aws_access_key_id|role_session_name|duration_seconds|external_id)\s*=)")]
    private static partial Regex AwsConfigMarkers();
}

/// <summary>Writes entries in any export format.</summary>
public static class RoleExporter
{
    public static string Name(ExportFormat format) => format switch
    {
        ExportFormat.Aesr => "aesr",
        ExportFormat.Csv => "csv",
        ExportFormat.Links => "links",
        _ => "json",
    };

    public static ExportFormat? ParseFormatName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "json" or null or "" => ExportFormat.Json,
        "aesr" or "ini" => ExportFormat.Aesr,
        "csv" => ExportFormat.Csv,
        "links" or "link" => ExportFormat.Links,
        _ => null,
    };

    public static string Write(BackupSnapshot snapshot, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return format switch
        {
            ExportFormat.Aesr => AesrFormat.Write(snapshot.Entries),
            ExportFormat.Csv => CsvFormat.Write(snapshot.Entries),
            ExportFormat.Links => LinksFormat.Write(snapshot.Entries),
            _ => BackupFormat.Write(snapshot),
        };
    }
}
