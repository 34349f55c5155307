using System.Text.RegularExpressions;
namespace SwitchRole.Core.Model;

public enum SourceKind
{
    File,
    Url,

    /// <summary>A team file in a private S3 bucket, read with the person's AWS credentials.</summary>
    S3,

    /// <summary>One entry per active account of the AWS organization (ListAccounts), with one role name.</summary>
    Organizations,
}

/// <summary>A team source as stored: where it is, how it is read, and the state of its last syncs.</summary>
/// <param name="Name">Unique; its entries have origin <c>team:&lt;name&gt;</c>.</param>
/// <param name="Location">An absolute file path, or an https URL (kept in full: it may carry an access token; shown redacted).</param>
/// <param name="Kind">File or URL.</param>
/// <param name="Format">An import format name (<c>auto</c> detects per read).</param>
/// <param name="Interval">How often host mode fetches a URL source; null: <see cref="SourceDefaults.UrlInterval"/>.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="ETag">The ETag of the last good answer (sent as If-None-Match).</param>
/// <param name="LastModified">The Last-Modified of the last good answer (sent as If-Modified-Since).</param>
/// <param name="ContentSha256">The hash of the content last applied.</param>
/// <param name="LastAttemptAt">The last time any process started a sync (a claim: others wait for the interval).</param>
/// <param name="LastSyncedAt">The last time the source was read without error (including "not modified").</param>
/// <param name="LastChangedAt">The last time its content was applied.</param>
/// <param name="LastError">Why the last sync failed; null when it worked. The entries of the last good sync stay.</param>
/// <param name="LastErrorAt">When it failed.</param>
/// <param name="EntryCount">How many live entries come from it.</param>
public sealed record TeamSource(
    string Name,
    string Location,
    SourceKind Kind,
    string Format,
    TimeSpan? Interval,
    DateTimeOffset AddedAt,
    string? ETag,
    string? LastModified,
    string? ContentSha256,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSyncedAt,
    DateTimeOffset? LastChangedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int EntryCount)
{
    public string Origin => Origins.TeamPrefix + Name;

    /// <summary>The location safe to print or log: a URL without user info and query string.</summary>
    public string DisplayLocation => Kind == SourceKind.Url ? SourceAddress.Redact(Location) : Location;

    public TimeSpan EffectiveInterval => Interval ?? SourceDefaults.UrlInterval;

    public bool Failing => LastError is not null;
}

/// <summary>What identifies one version of a source's content: its hash, and the validators a server sent with it.</summary>
public sealed record SourceVersion(string Sha256, string? ETag = null, string? LastModified = null);

public static class SourceDefaults
{
    /// <summary>Host mode fetches a URL source at start and then this often (per source: <c>--interval</c>).</summary>
    public static readonly TimeSpan UrlInterval = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(7);
}

/// <summary>Validation of source names and locations, and redaction of URLs for messages and logs.</summary>
public static partial class SourceAddress
{
    public const int MaxNameLength = 40;

    /// <summary>Letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, starting with a letter or digit: it becomes part of an origin and of messages.</summary>
    public static string NormalizeName(string? value, string field = "name")
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException(field, "is required (letters, digits, '.', '_' or '-')");
        }

        // Named with its code point, so a person can tell what the source name holds that they cannot see.
        RoleValidator.RejectInvisible(name, field);

        return name.Length <= MaxNameLength && NamePattern().IsMatch(name)
            ? name
            : throw new ValidationException(field, $"must be 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit; got '{RoleValidator.Printable(name)}'");
    }

    /// <summary>
    /// An <c>https://</c> URL or a file path (made absolute against <paramref name="baseDirectory"/>). Plain
    /// <c>http://</c> is refused: a team file decides which accounts and roles a person is offered, so it must not be
    /// changeable on the way. User info in a URL is refused too (it would be stored and is not sent anyway).
    /// </summary>
    public static (SourceKind Kind, string Location) Parse(string? value, string? baseDirectory = null, string field = "location")
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ValidationException(field, "is required (a file path or an https:// URL)");
        }

        if (text.Any(char.IsControl))
        {
            throw new ValidationException(field, "must not contain control characters");
        }

        if (AwsSourceLocation.TryParse(text, field, out var awsKind, out var awsLocation))
        {
            return (awsKind, awsLocation);
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && text[..scheme].All(char.IsAsciiLetter))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                throw new ValidationException(field, $"'{Redact(text)}' is not a valid URL");
            }

            if (uri.Scheme == Uri.UriSchemeHttp)
            {
                throw new ValidationException(field, $"'{Redact(text)}' uses plain http; a team source must use https:// so nobody on the way can change your role list");
            }

            if (uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new ValidationException(field, $"'{Redact(text)}': only https:// URLs and file paths are supported");
            }

            if (uri.UserInfo.Length > 0)
            {
                throw new ValidationException(field, $"'{Redact(text)}' has a user name or password in it; SwitchRole does not send those. Use a URL with an access token in its query string, or a synced file");
            }

            if (string.IsNullOrEmpty(uri.Host))
            {
                throw new ValidationException(field, $"'{Redact(text)}' has no host");
            }

            var builder = new UriBuilder(uri) { Fragment = "" };
            return (SourceKind.Url, builder.Uri.AbsoluteUri);
        }

        try
        {
            var full = baseDirectory is null ? Path.GetFullPath(text) : Path.GetFullPath(text, baseDirectory);
            return (SourceKind.File, full);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ValidationException(field, $"'{RoleValidator.Printable(text)}' is not a valid path ({e.Message})");
        }
    }

    /// <summary><c>scheme://host[:port]/path</c>, with <c>?…</c> when there was a query: never user info or query values.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            // Not a URL we can take apart: keep only what cannot be a secret.
            var cut = url.IndexOfAny(['?', '@', '#']);
            return RoleValidator.Printable(cut < 0 ? url : url[..cut] + "…");
        }

        var query = uri.Query.Length > 1 ? "?…" : "";
        return $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}{query}";
    }

    /// <summary>Replaces every occurrence of <paramref name="location"/> (and its pieces that may be secret) in a message.</summary>
    public static string Scrub(string message, string location)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(location);
        var redacted = Redact(location);
        var result = message.Replace(location, redacted, StringComparison.Ordinal);
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            if (uri.Query.Length > 1)
            {
                result = result.Replace(uri.Query, "?…", StringComparison.Ordinal);
            }

            if (uri.UserInfo.Length > 0)
            {
                result = result.Replace(uri.UserInfo, "…", StringComparison.Ordinal);
            }
        }

        return result;
    }

    // \z, never $: .NET's $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    internal static partial Regex NamePattern();
}
