using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.CredentialManagement;
using SwitchRole.Core.Model;

namespace SwitchRole.Network.Aws;

/// <summary>
/// An IAM Identity Center (SSO) profile: the account and role to get credentials for, and the portal's start URL
/// and region, from the profile itself (legacy keys) or from the <c>[sso-session NAME]</c> section it names
/// (the SDK copies that section's <c>sso_start_url</c> and <c>sso_region</c> into the profile's options).
/// </summary>
internal sealed partial record SsoSettings(string ProfileName, string? SessionName, string StartUrl, string Region, string AccountId, string RoleName)
{
    /// <summary>True when the profile has any IAM Identity Center key, so its credentials must come from the portal.</summary>
    public static bool IsSso(CredentialProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var o = profile.Options;
        return NonEmpty(o.SsoSession) is not null || NonEmpty(o.SsoStartUrl) is not null
            || NonEmpty(o.SsoAccountId) is not null || NonEmpty(o.SsoRoleName) is not null;
    }

    /// <summary>The profile's settings; throws <see cref="StsException"/> naming the key that is missing or wrong.</summary>
    public static SsoSettings From(CredentialProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var o = profile.Options;
        var name = profile.Name;
        var session = NonEmpty(o.SsoSession);
        var startUrl = NonEmpty(o.SsoStartUrl);
        var region = NonEmpty(o.SsoRegion);
        if (session is not null && (startUrl is null || region is null))
        {
            throw Misconfigured(name, $"names sso_session '{RoleValidator.Printable(session)}', but there is no [sso-session {RoleValidator.Printable(session)}] section with sso_start_url and sso_region in your AWS config");
        }

        var missing = new[] { ("sso_start_url", startUrl), ("sso_region", region), ("sso_account_id", NonEmpty(o.SsoAccountId)), ("sso_role_name", NonEmpty(o.SsoRoleName)) }
            .Where(k => k.Item2 is null).Select(k => k.Item1).ToList();
        if (missing.Count > 0)
        {
            throw Misconfigured(name, $"uses IAM Identity Center but has no {string.Join(" or ", missing)}");
        }

        string account;
        string? ssoRegion;
        try
        {
            account = RoleValidator.NormalizeAccountId(o.SsoAccountId, "sso_account_id");
            ssoRegion = RoleValidator.NormalizeRegion(region, "sso_region");
        }
        catch (ValidationException ex)
        {
            throw Misconfigured(name, $"has an invalid {ex.Message}");
        }

        var role = o.SsoRoleName.Trim();
        if (!PermissionSetName().IsMatch(role))
        {
            throw Misconfigured(name, $"has an invalid sso_role_name '{RoleValidator.Printable(role)}' (letters, digits and +=,.@_- only)");
        }

        return new SsoSettings(name, session, startUrl!, ssoRegion!, account, role);
    }

    /// <summary>
    /// The token cache file's name as the AWS CLI writes it at <c>aws sso login</c>: the lower-case hex SHA-1 of the
    /// sso-session name for <c>sso_session</c> profiles, of the start URL for legacy ones.
    /// </summary>
    public string CacheKey =>
#pragma warning disable CA5350 // SHA-1 is the AWS CLI's file-naming rule here, not a security measure.
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(SessionName ?? StartUrl)));
#pragma warning restore CA5350

    /// <summary>What to tell a person to run: the CLI's login for this profile.</summary>
    public string LoginCommand => $"aws sso login --profile {ProfileName}";

    private static StsException Misconfigured(string profile, string what) =>
        new(StsFailureKind.NoCredentials, $"The AWS profile '{profile}' {what}: fix it in your AWS config, or run `aws configure sso --profile {profile}`.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[\\w+=,.@-]{1,64}$")]
    private static partial Regex PermissionSetName();
}
