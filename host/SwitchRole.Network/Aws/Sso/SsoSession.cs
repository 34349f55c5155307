using System.Security.Cryptography;
using System.Text;
using SwitchRole.Core.Model;

namespace SwitchRole.Network.Aws.Sso;

/// <summary>
/// An IAM Identity Center sign-in as the AWS CLI configures it: an <c>[sso-session NAME]</c> section, or a legacy
/// profile with <c>sso_start_url</c> and <c>sso_region</c> of its own. The token cache file is named after it.
/// </summary>
/// <param name="Name">The sso-session name; null for a legacy profile.</param>
/// <param name="StartUrl">The access portal URL (https://example.awsapps.com/start).</param>
/// <param name="Region">Where Identity Center runs.</param>
/// <param name="Scopes">sso_registration_scopes (default sso:account:access).</param>
/// <param name="ConfiguredBy">What a person wrote to name it (<c>sso-session corp</c>, <c>profile dev</c>), for messages.</param>
public sealed record SsoSession(string? Name, string StartUrl, string Region, IReadOnlyList<string> Scopes, string ConfiguredBy)
{
    /// <summary>The AWS CLI's cache file name: the hex SHA-1 of the session name, or of the start URL for a legacy profile.</summary>
    public string CacheKey =>
#pragma warning disable CA5350 // SHA-1 is the AWS CLI's file-naming rule here, not a security measure.
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Name ?? StartUrl)));
#pragma warning restore CA5350

    /// <summary>What to run to sign in again.</summary>
    public string LoginCommand => Name is null ? $"switchrole login --profile {ConfiguredBy["profile ".Length..]}" : $"switchrole login --sso-session {Name}";

    /// <summary>
    /// The session named by <paramref name="ssoSession"/> or <paramref name="profile"/> in the AWS config file; with
    /// neither, the only <c>[sso-session]</c> there is.
    /// </summary>
    /// <exception cref="StsException">Not configured, ambiguous, or missing a key: the message says what to add.</exception>
    public static SsoSession Resolve(string? ssoSession, string? profile, Func<string, string?> getEnvironmentVariable, string? home = null)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var file = ConfigFile(getEnvironmentVariable, home);
        var sections = ReadSections(file);
        if (ssoSession is not null && profile is not null)
        {
            throw new StsException(StsFailureKind.Other, "Give either --sso-session or --profile, not both.");
        }

        if (profile is not null)
        {
            var key = profile == "default" ? "default" : "profile " + profile;
            if (!sections.TryGetValue(key, out var p) && !(profile == "default" && sections.TryGetValue("profile default", out p)))
            {
                throw new StsException(StsFailureKind.ProfileNotFound, $"There is no [profile {Printable(profile)}] in {file}: check the name with `aws configure list-profiles`.");
            }

            if (p.GetValueOrDefault("sso_session") is { Length: > 0 } named)
            {
                return FromSession(sections, named, file);
            }

            if (p.GetValueOrDefault("sso_start_url") is { Length: > 0 } legacyUrl)
            {
                return Build(null, legacyUrl, p.GetValueOrDefault("sso_region"), p.GetValueOrDefault("sso_registration_scopes"), "profile " + profile, file);
            }

            throw new StsException(StsFailureKind.NoCredentials, $"The AWS profile '{Printable(profile)}' does not use IAM Identity Center (no sso_session or sso_start_url in {file}).");
        }

        if (ssoSession is not null)
        {
            return FromSession(sections, ssoSession, file);
        }

        var all = sections.Keys.Where(k => k.StartsWith("sso-session ", StringComparison.Ordinal)).Select(k => k["sso-session ".Length..]).ToList();
        return all.Count switch
        {
            1 => FromSession(sections, all[0], file),
            0 => throw new StsException(StsFailureKind.NoCredentials,
                $"There is no [sso-session] section in {file}: add one with sso_start_url and sso_region (or run `aws configure sso-session`), then pass --sso-session NAME."),
            _ => throw new StsException(StsFailureKind.Other,
                $"{file} has {all.Count} sso-sessions ({string.Join(", ", all.Take(5).Select(Printable))}): pass --sso-session NAME."),
        };
    }

    /// <summary>
    /// Every <c>[sso-session NAME]</c> of the AWS config file, ordered by name, for a person to choose from (the popup
    /// does when there are two or more). One that cannot be used as written carries the sentence that says why; a
    /// missing file lists none. Legacy profiles with their own <c>sso_start_url</c> are not listed: they are named by
    /// profile, and the AWS CLI has replaced them with sso-sessions.
    /// </summary>
    /// <exception cref="StsException">The file exists but cannot be read.</exception>
    public static IReadOnlyList<ConfiguredSsoSession> ListConfigured(Func<string, string?> getEnvironmentVariable, string? home = null)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var file = ConfigFile(getEnvironmentVariable, home);
        var listed = new List<ConfiguredSsoSession>();
        foreach (var (key, values) in ReadSections(file))
        {
            if (!key.StartsWith("sso-session ", StringComparison.Ordinal))
            {
                continue;
            }

            var name = key["sso-session ".Length..];
            if (!IsPassableName(name))
            {
                listed.Add(new ConfiguredSsoSession(Printable(name), null, null, $"[sso-session {Printable(name)}] in {file}: SwitchRole can name only sessions of letters, digits and -_.@+; rename it."));
                continue;
            }

            try
            {
                var session = FromSession(values, name, file);
                listed.Add(new ConfiguredSsoSession(name, session.StartUrl, session.Region, null));
            }
            catch (StsException ex)
            {
                listed.Add(new ConfiguredSsoSession(name, values.GetValueOrDefault("sso_start_url"), values.GetValueOrDefault("sso_region"), ex.Message));
            }
        }

        listed.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name) is var c and not 0 ? c : StringComparer.Ordinal.Compare(a.Name, b.Name));
        return listed;
    }

    /// <summary>The characters an sso-session name may have to be named in a request (the handlers' rule).</summary>
    public static bool IsPassableName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '+');

    /// <summary><c>AWS_CONFIG_FILE</c>, else <c>~/.aws/config</c>.</summary>
    public static string ConfigFile(Func<string, string?> getEnvironmentVariable, string? home = null)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        return getEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } explicitFile
            ? explicitFile
            : Path.Combine(home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "config");
    }

    private static SsoSession FromSession(Dictionary<string, Dictionary<string, string>> sections, string name, string file)
    {
        if (!sections.TryGetValue("sso-session " + name, out var s))
        {
            throw new StsException(StsFailureKind.NoCredentials,
                $"There is no [sso-session {Printable(name)}] section in {file}: add it with sso_start_url and sso_region, or run `aws configure sso-session`.");
        }

        return FromSession(s, name, file);
    }

    private static SsoSession FromSession(Dictionary<string, string> s, string name, string file) =>
        Build(name, s.GetValueOrDefault("sso_start_url"), s.GetValueOrDefault("sso_region"), s.GetValueOrDefault("sso_registration_scopes"), "sso-session " + name, file);

    private static SsoSession Build(string? name, string? startUrl, string? region, string? scopes, string configuredBy, string file)
    {
        if (string.IsNullOrWhiteSpace(startUrl) || !Uri.TryCreate(startUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new StsException(StsFailureKind.NoCredentials, $"[{Printable(configuredBy)}] in {file} needs sso_start_url, the https:// URL of your AWS access portal.");
        }

        string validRegion;
        try
        {
            validRegion = RoleValidator.NormalizeRegion(region, "sso_region") ?? throw new ValidationException("sso_region", "is missing");
        }
        catch (ValidationException ex)
        {
            throw new StsException(StsFailureKind.NoCredentials, $"[{Printable(configuredBy)}] in {file}: {ex.Message}.");
        }

        var scopeList = (scopes ?? "sso:account:access").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SsoSession(name, startUrl.Trim(), validRegion, scopeList.Length == 0 ? ["sso:account:access"] : scopeList, configuredBy);
    }

    /// <summary>A minimal reader of the AWS config file's sections and <c>key = value</c> lines (nested values skipped).</summary>
    private static Dictionary<string, Dictionary<string, string>> ReadSections(string file)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return sections;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StsException(StsFailureKind.NoCredentials, $"Could not read {file} ({ex.GetType().Name}): check its permissions.");
        }

        Dictionary<string, string>? current = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed.EndsWith(']'))
            {
                var name = string.Join(' ', trimmed[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (current is null || eq <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue; // Outside a section, not a key, or a nested value (s3 =\n  max_concurrent_requests = 20).
            }

            current[trimmed[..eq].Trim()] = trimmed[(eq + 1)..].Trim();
        }

        return sections;
    }

    private static string Printable(string text) => RoleValidator.Printable(text);
}

/// <summary>An <c>[sso-session]</c> as written in the AWS config: <paramref name="Problem"/> says why it cannot be used, or is null.</summary>
public sealed record ConfiguredSsoSession(string Name, string? StartUrl, string? Region, string? Problem);
