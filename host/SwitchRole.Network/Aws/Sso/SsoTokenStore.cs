using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwitchRole.Network.Aws.Sso;

/// <summary>
/// The AWS CLI's IAM Identity Center token cache, read and written in its format and place
/// (<c>~/.aws/sso/cache/&lt;sha1&gt;.json</c>), so <c>switchrole login</c> and <c>aws sso login</c> share one sign-in.
/// The file is the one place a secret is stored: created 0600 in a 0700 folder (as the AWS CLI does), written
/// through a temporary file and a rename so a reader never sees half of it.
/// </summary>
public static class SsoTokenStore
{
    private const long MaxFileBytes = 1024 * 1024;

    public static string CacheDirectory(string home) => Path.Combine(home, ".aws", "sso", "cache");

    public static string CacheFile(string home, SsoSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Path.Combine(CacheDirectory(home), session.CacheKey + ".json");
    }

    /// <summary>The cached token, or null when there is none or it cannot be read as one (a new login replaces it).</summary>
    public static SsoToken? Read(string home, SsoSession session)
    {
        var file = CacheFile(home, session);
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return null;
            }

            return JsonSerializer.Deserialize(File.ReadAllBytes(file), SsoTokenJsonContext.Default.SsoToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static void Write(string home, SsoSession session, SsoToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var folder = CacheDirectory(home);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var file = CacheFile(home, session);
        var temp = Path.Combine(folder, $".{session.CacheKey}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            File.Delete(temp);
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, token, SsoTokenJsonContext.Default.SsoToken);
            }

            File.Move(temp, file, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The AWS CLI's time format: <c>2026-12-05T10:00:00Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A token cache file as the AWS CLI writes it (camelCase keys).</summary>
public sealed class SsoToken
{
    public string? StartUrl { get; set; }

    public string? Region { get; set; }

    public string? AccessToken { get; set; }

    public string? ExpiresAt { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? RegistrationExpiresAt { get; set; }

    public string? RefreshToken { get; set; }

    [JsonIgnore]
    public DateTimeOffset? Expires => ExpiresAt is null ? null : SsoTokenCache.ParseExpiry(ExpiresAt);

    [JsonIgnore]
    public DateTimeOffset? RegistrationExpires => RegistrationExpiresAt is null ? null : SsoTokenCache.ParseExpiry(RegistrationExpiresAt);

    /// <summary>Never the token itself.</summary>
    public override string ToString() => $"SsoToken(expires {ExpiresAt})";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SsoToken))]
internal sealed partial class SsoTokenJsonContext : JsonSerializerContext;
