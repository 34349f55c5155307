using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwitchRole.Network.Aws;

/// <summary>
/// Reads the access token the AWS CLI cached at <c>aws sso login</c>, from <c>~/.aws/sso/cache/&lt;key&gt;.json</c>.
/// The token is never refreshed here (no OIDC client): an expired or missing one means "run aws sso login".
/// </summary>
internal static class SsoTokenCache
{
    // A real cache file is well under 10 KB; anything far larger is not one.
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>The cache folder under <paramref name="home"/> (the AWS CLI uses the home folder, whatever AWS_CONFIG_FILE says).</summary>
    public static string CacheDirectory(string home) => Path.Combine(home, ".aws", "sso", "cache");

    public static string CacheFile(string home, SsoSettings settings) => Path.Combine(CacheDirectory(home), settings.CacheKey + ".json");

    /// <summary>The cached access token for <paramref name="settings"/>, if it is still valid at <paramref name="now"/>.</summary>
    /// <exception cref="StsException">No login, expired, unreadable or malformed; the message says to run aws sso login.</exception>
    public static string ReadAccessToken(string home, SsoSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var file = CacheFile(home, settings);
        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw NoLogin(settings);
            }

            if (info.Length > MaxFileBytes)
            {
                throw Malformed(file, null, $"it is {info.Length} bytes, far too large for a token cache file", settings);
            }

            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            throw NoLogin(settings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StsException(StsFailureKind.NoCredentials,
                $"Could not read the IAM Identity Center token cache file {file} ({ex.GetType().Name}): check its permissions, or run `{settings.LoginCommand}` and try again.");
        }

        try
        {
            // Syntax first, so that a truncated file is not blamed on the field where it stops.
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw Malformed(file, null, $"it is not valid JSON (line {(ex.LineNumber ?? 0) + 1})", settings);
        }

        SsoCachedToken? token;
        try
        {
            token = JsonSerializer.Deserialize(bytes, SsoJsonContext.Default.SsoCachedToken);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            throw Malformed(file, field, field is null ? "it is not a JSON object" : "it has the wrong type", settings);
        }

        if (token is null)
        {
            throw Malformed(file, null, "it holds no JSON object", settings);
        }

        if (string.IsNullOrWhiteSpace(token.AccessToken))
        {
            throw Malformed(file, "accessToken", "it is missing or empty", settings);
        }

        if (string.IsNullOrWhiteSpace(token.ExpiresAt))
        {
            throw Malformed(file, "expiresAt", "it is missing or empty", settings);
        }

        if (ParseExpiry(token.ExpiresAt) is not { } expiresAt)
        {
            throw Malformed(file, "expiresAt", "it is not an ISO-8601 UTC time", settings);
        }

        if (expiresAt <= now)
        {
            throw new StsException(StsFailureKind.ExpiredCredentials,
                $"Your IAM Identity Center session for profile '{settings.ProfileName}' has expired: run `{settings.LoginCommand}` and try again.");
        }

        return token.AccessToken.Trim();
    }

    /// <summary><c>2026-11-28T12:00:00Z</c> (fractions allowed), an explicit offset, or older CLIs' <c>2026-11-28T12:00:00UTC</c>.</summary>
    public static DateTimeOffset? ParseExpiry(string text)
    {
        var value = text.Trim();
        if (value.EndsWith("UTC", StringComparison.Ordinal))
        {
            value = value[..^3] + "Z";
        }

        // An ISO-8601 time must have a date and a time; "AssumeUniversal" covers a time written without a zone.
        if (value.Length < 19 || value[10] is not ('T' or 't' or ' ')
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return null;
        }

        return parsed;
    }

    private static StsException NoLogin(SsoSettings settings) =>
        new(StsFailureKind.NoCredentials,
            $"No IAM Identity Center login found for profile '{settings.ProfileName}' (no cached token for {(settings.SessionName is { } s ? $"sso-session '{s}'" : settings.StartUrl)}): run `{settings.LoginCommand}` and try again.");

    private static StsException Malformed(string file, string? field, string why, SsoSettings settings) =>
        new(StsFailureKind.NoCredentials,
            $"The IAM Identity Center token cache file {file} is malformed{(field is null ? string.Empty : $" in field '{field}'")} ({why}): run `{settings.LoginCommand}` to write a new one and try again.");
}

/// <summary>A token cache file as the AWS CLI writes it. Only <c>accessToken</c> and <c>expiresAt</c> are used.</summary>
internal sealed class SsoCachedToken
{
    public string? AccessToken { get; set; }

    public string? ExpiresAt { get; set; }

    public string? Region { get; set; }

    public string? StartUrl { get; set; }

    // Read so that a malformed value is reported by name; never used (no refresh without an OIDC client).
    public string? RefreshToken { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? RegistrationExpiresAt { get; set; }

    public override string ToString() => "SsoCachedToken";
}

/// <summary>The portal's GetRoleCredentials answer: <c>{"roleCredentials":{...}}</c>.</summary>
internal sealed class SsoRoleCredentialsResponse
{
    public SsoRoleCredentials? RoleCredentials { get; set; }
}

internal sealed class SsoRoleCredentials
{
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? Expiration { get; set; }

    public override string ToString() => "SsoRoleCredentials";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SsoCachedToken))]
[JsonSerializable(typeof(SsoRoleCredentialsResponse))]
internal sealed partial class SsoJsonContext : JsonSerializerContext;
