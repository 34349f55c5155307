using SwitchRole.Core.Model;

namespace SwitchRole.Network.Aws.Sso;

/// <summary>A console login URL for an Identity Center permission set. <see cref="Url"/> is a bearer secret for 15 minutes.</summary>
public sealed class SsoConsoleSignInResult(Uri url, string accountId, string permissionSet, DateTimeOffset? sessionExpiresAt)
{
    public Uri Url { get; } = url;

    public string AccountId { get; } = accountId;

    public string PermissionSet { get; } = permissionSet;

    /// <summary>When the role session behind the console ends (the permission set's session duration).</summary>
    public DateTimeOffset? SessionExpiresAt { get; } = sessionExpiresAt;

    public override string ToString() => $"SsoConsoleSignInResult({AccountId}/{PermissionSet})";
}

/// <summary>
/// "Open the console" for an account and permission set: GetRoleCredentials with the cached Identity Center token,
/// then the federation sign-in token, then the login URL. The same path for <c>switchrole open --sso</c> and the
/// popup's <c>sso.signinUrl</c>. The role credentials and the sign-in token live only in this call.
/// </summary>
public static class SsoConsoleSignIn
{
    /// <summary>Identity Center's rule for permission set names: 1 to 32 of letters, digits and <c>+=,.@_-</c>.</summary>
    public static string NormalizePermissionSet(string? value, string field)
    {
        var name = value?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-'))
        {
            throw new ValidationException(field, $"'{RoleValidator.Printable(name.Length > 64 ? name[..64] : name)}' is not a permission set name (1 to 32 of letters, digits and +=,.@_-)");
        }

        return name;
    }

    /// <param name="sso">The signed-in Identity Center session (its cached token is refreshed when it can be).</param>
    /// <param name="createFederation">The federation client for the landing region's partition.</param>
    /// <param name="accountId">A normalized account id.</param>
    /// <param name="permissionSet">A normalized permission set name.</param>
    /// <param name="region">The console region to land in; null for the console's default.</param>
    /// <param name="logoutFirst">Wrap the URL so a browser signed in to another account is logged out first.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<SsoConsoleSignInResult> CreateLoginUrlAsync(
        SsoSignIn sso, Func<AwsPartition, FederationClient> createFederation, string accountId, string permissionSet, string? region, bool logoutFirst, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sso);
        ArgumentNullException.ThrowIfNull(createFederation);
        var session = await sso.GetRoleCredentialsAsync(accountId, permissionSet, cancellationToken).ConfigureAwait(false);
        var partition = AwsPartition.ForRegion(region ?? sso.Session.Region);
        var federation = createFederation(partition);

        // No SessionDuration: the permission set's own session duration applies to Identity Center role sessions.
        var token = await federation.GetSigninTokenAsync(session, null, cancellationToken).ConfigureAwait(false);
        var url = federation.BuildLoginUrl(token, partition.ConsoleDestination(region));
        return new SsoConsoleSignInResult(logoutFirst ? federation.WrapWithLogout(url) : url, accountId, permissionSet, session.Expiration);
    }
}
