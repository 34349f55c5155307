using Amazon;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSO.Model;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;

namespace SwitchRole.Network.Aws.Sso;

/// <summary>An account and the permission sets the signed-in person may use there.</summary>
public sealed record SsoAccount(string AccountId, string AccountName, IReadOnlyList<string> PermissionSets);

/// <summary>
/// IAM Identity Center through the SDK's typed clients (AWSSDK.SSOOIDC for the device-authorization sign-in and
/// the refresh, AWSSDK.SSO for the portal). The SDK's own <c>SSOTokenManager</c> is not used for the sign-in
/// because it writes the token cache with default permissions (this writes it 0600) and cannot be pointed at a
/// test's browser; the clients themselves are constructed directly, so NativeAOT needs no reflection.
/// Tokens are never logged or put in a message.
/// </summary>
public sealed class SsoSignIn(SsoSession session, string home, Func<string, string?> getEnvironmentVariable)
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public SsoSession Session { get; } = session;

    /// <summary>The device flow: register a client (or reuse the cached registration), start the authorization, show the URL, poll for the token, cache it.</summary>
    /// <param name="showVerification">Called once with the verification URL (with the code) and the user code, to open a browser and tell the person.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task<SsoToken> LoginAsync(Action<Uri, string> showVerification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(showVerification);
        using var oidc = OidcClient();
        var cached = SsoTokenStore.Read(home, Session);
        var now = DateTimeOffset.UtcNow;
        string clientId, clientSecret, registrationExpires;
        if (cached is { ClientId.Length: > 0, ClientSecret.Length: > 0 } && cached.RegistrationExpires > now.AddMinutes(15))
        {
            (clientId, clientSecret, registrationExpires) = (cached.ClientId!, cached.ClientSecret!, cached.RegistrationExpiresAt!);
        }
        else
        {
            var registration = await Call(() => oidc.RegisterClientAsync(new RegisterClientRequest { ClientName = "switchrole", ClientType = "public", Scopes = [.. Session.Scopes] }, cancellationToken)).ConfigureAwait(false);
            clientId = registration.ClientId;
            clientSecret = registration.ClientSecret;
            registrationExpires = SsoTokenStore.FormatTime(DateTimeOffset.FromUnixTimeSeconds(registration.ClientSecretExpiresAt ?? now.AddDays(90).ToUnixTimeSeconds()));
        }

        var start = await Call(() => oidc.StartDeviceAuthorizationAsync(new StartDeviceAuthorizationRequest { ClientId = clientId, ClientSecret = clientSecret, StartUrl = Session.StartUrl }, cancellationToken)).ConfigureAwait(false);
        var verification = start.VerificationUriComplete ?? start.VerificationUri;
        if (!Uri.TryCreate(verification, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            throw new StsException(StsFailureKind.Other, "IAM Identity Center answered the sign-in request without an https verification URL; try again.");
        }

        showVerification(url, start.UserCode ?? string.Empty);
        var interval = TimeSpan.FromSeconds(Math.Clamp(start.Interval ?? 5, 1, 60));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(Math.Clamp(start.ExpiresIn ?? 600, 30, 1800));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var token = await oidc.CreateTokenAsync(new CreateTokenRequest { ClientId = clientId, ClientSecret = clientSecret, GrantType = DeviceGrant, DeviceCode = start.DeviceCode }, cancellationToken).ConfigureAwait(false);
                return Save(token, clientId, clientSecret, registrationExpires);
            }
            catch (AuthorizationPendingException)
            {
                // The person has not approved yet.
            }
            catch (SlowDownException)
            {
                interval += TimeSpan.FromSeconds(5);
            }
            catch (Amazon.SSOOIDC.Model.ExpiredTokenException)
            {
                throw new StsException(StsFailureKind.ExpiredCredentials, $"The sign-in code expired before it was approved: run `{Session.LoginCommand}` again and approve it in the browser.");
            }
            catch (Amazon.SSOOIDC.Model.AccessDeniedException)
            {
                throw new StsException(StsFailureKind.Denied, "The sign-in was denied in the browser: run the login again and choose Allow.");
            }
            catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw Failure(ex);
            }

            if (DateTimeOffset.UtcNow + interval > deadline)
            {
                throw new StsException(StsFailureKind.ExpiredCredentials, $"The sign-in was not approved in time: run `{Session.LoginCommand}` again.");
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The cached access token; an expired one is refreshed with its refresh token first (as the AWS CLI does), and the cache rewritten.</summary>
    /// <exception cref="StsException">No sign-in, or it expired and cannot be refreshed: the message says to run login.</exception>
    public async Task<SsoToken> GetValidTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = SsoTokenStore.Read(home, Session)
            ?? throw new StsException(StsFailureKind.NoCredentials, $"You are not signed in to IAM Identity Center ({Session.ConfiguredBy}): run `{Session.LoginCommand}`.");
        if (cached.AccessToken is { Length: > 0 } && cached.Expires > DateTimeOffset.UtcNow.AddMinutes(1))
        {
            return cached;
        }

        return await RefreshAsync(cached, cancellationToken).ConfigureAwait(false)
            ?? throw new StsException(StsFailureKind.ExpiredCredentials, $"Your IAM Identity Center sign-in ({Session.ConfiguredBy}) has expired: run `{Session.LoginCommand}`.");
    }

    /// <summary>A new access token from the refresh token; null when there is none, the registration expired, or Identity Center refused it.</summary>
    public async Task<SsoToken?> RefreshAsync(SsoToken cached, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cached);
        if (cached is not { RefreshToken.Length: > 0, ClientId.Length: > 0, ClientSecret.Length: > 0 } || !(cached.RegistrationExpires > DateTimeOffset.UtcNow))
        {
            return null;
        }

        using var oidc = OidcClient();
        try
        {
            var token = await oidc.CreateTokenAsync(new CreateTokenRequest { ClientId = cached.ClientId, ClientSecret = cached.ClientSecret, GrantType = "refresh_token", RefreshToken = cached.RefreshToken }, cancellationToken).ConfigureAwait(false);
            return Save(token, cached.ClientId!, cached.ClientSecret!, cached.RegistrationExpiresAt!, cached.RefreshToken);
        }
        catch (Exception ex) when (ex is InvalidGrantException or Amazon.SSOOIDC.Model.ExpiredTokenException or Amazon.SSOOIDC.Model.UnauthorizedClientException or InvalidClientException)
        {
            return null;
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure(ex);
        }
    }

    /// <summary>Every account and its permission sets (ListAccounts and ListAccountRoles, every page).</summary>
    public async Task<IReadOnlyList<SsoAccount>> ListAccountsAsync(CancellationToken cancellationToken = default)
    {
        var token = (await GetValidTokenAsync(cancellationToken).ConfigureAwait(false)).AccessToken!;
        using var sso = PortalClient();
        var accounts = new List<SsoAccount>();
        string? next = null;
        do
        {
            var page = await Call(() => sso.ListAccountsAsync(new ListAccountsRequest { AccessToken = token, NextToken = next }, cancellationToken)).ConfigureAwait(false);
            foreach (var account in page.AccountList ?? [])
            {
                var roles = new List<string>();
                string? nextRole = null;
                do
                {
                    var rolePage = await Call(() => sso.ListAccountRolesAsync(new ListAccountRolesRequest { AccessToken = token, AccountId = account.AccountId, NextToken = nextRole }, cancellationToken)).ConfigureAwait(false);
                    roles.AddRange((rolePage.RoleList ?? []).Select(r => r.RoleName).Where(r => !string.IsNullOrEmpty(r)));
                    nextRole = string.IsNullOrEmpty(rolePage.NextToken) ? null : rolePage.NextToken;
                }
                while (nextRole is not null);
                accounts.Add(new SsoAccount(account.AccountId, account.AccountName ?? string.Empty, [.. roles.Order(StringComparer.Ordinal)]));
            }

            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (next is not null);
        return accounts;
    }

    /// <summary>GetRoleCredentials for one account and permission set: a role session for the federation sign-in.</summary>
    public async Task<RoleSession> GetRoleCredentialsAsync(string accountId, string permissionSet, CancellationToken cancellationToken = default)
    {
        var token = (await GetValidTokenAsync(cancellationToken).ConfigureAwait(false)).AccessToken!;
        using var sso = PortalClient();
        GetRoleCredentialsResponse response;
        try
        {
            response = await sso.GetRoleCredentialsAsync(new GetRoleCredentialsRequest { AccessToken = token, AccountId = accountId, RoleName = permissionSet }, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.SSO.Model.UnauthorizedException)
        {
            throw new StsException(StsFailureKind.ExpiredCredentials, $"IAM Identity Center refused your sign-in ({Session.ConfiguredBy}): run `{Session.LoginCommand}`.");
        }
        catch (Exception ex) when (ex is Amazon.SSO.Model.ResourceNotFoundException || ex is AmazonServiceException { StatusCode: System.Net.HttpStatusCode.Forbidden })
        {
            // The portal answers 403 ForbiddenException for a permission set that is not (or no longer) assigned.
            throw new StsException(StsFailureKind.NotFound, $"Permission set '{permissionSet}' in account {accountId} is not assigned to you: see `switchrole discover sso`.");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure(ex);
        }

        var c = response.RoleCredentials ?? throw new StsException(StsFailureKind.Other, "IAM Identity Center answered GetRoleCredentials without credentials; try again.");
        var expires = c.Expiration is { } ms && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return new RoleSession(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, expires, $"arn:{AwsPartition.ForRegion(Session.Region).Name}:sts::{accountId}:assumed-role/AWSReservedSSO_{permissionSet}/switchrole");
    }

    private SsoToken Save(CreateTokenResponse token, string clientId, string clientSecret, string registrationExpires, string? previousRefresh = null)
    {
        if (string.IsNullOrEmpty(token.AccessToken))
        {
            throw new StsException(StsFailureKind.Other, "IAM Identity Center answered without an access token; try again.");
        }

        var saved = new SsoToken
        {
            StartUrl = Session.StartUrl,
            Region = Session.Region,
            AccessToken = token.AccessToken,
            ExpiresAt = SsoTokenStore.FormatTime(DateTimeOffset.UtcNow.AddSeconds(token.ExpiresIn ?? 3600)),
            ClientId = clientId,
            ClientSecret = clientSecret,
            RegistrationExpiresAt = registrationExpires,
            RefreshToken = string.IsNullOrEmpty(token.RefreshToken) ? previousRefresh : token.RefreshToken,
        };
        SsoTokenStore.Write(home, Session, saved);
        return saved;
    }

    private AmazonSSOOIDCClient OidcClient()
    {
        var config = new AmazonSSOOIDCConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(Session.Region), MaxErrorRetry = 2 };
        if (AwsEndpointOverride.For("AWS_ENDPOINT_URL_SSO_OIDC", getEnvironmentVariable) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }

        return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
    }

    private AmazonSSOClient PortalClient()
    {
        var config = new AmazonSSOConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(Session.Region), MaxErrorRetry = 2 };
        if (AwsEndpointOverride.For("AWS_ENDPOINT_URL_SSO", getEnvironmentVariable) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }

        return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Amazon.SSO.Model.UnauthorizedException)
        {
            throw new StsException(StsFailureKind.ExpiredCredentials, $"IAM Identity Center refused your sign-in ({Session.ConfiguredBy}): run `{Session.LoginCommand}`.");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw Failure(ex);
        }
    }

    private StsException Failure(Exception ex) => ex is AmazonServiceException { ErrorCode: { Length: > 0 } code }
        ? new StsException(StsFailureKind.Other, $"IAM Identity Center ({Session.Region}) answered with {RoleValidatorPrintable(code)}: check sso_start_url and sso_region of {Session.ConfiguredBy}, then try again.", code)
        : new StsException(StsFailureKind.Network, $"Could not reach IAM Identity Center in {Session.Region}: check your network connection, VPN or proxy, then try again.");

    private static string RoleValidatorPrintable(string text) => SwitchRole.Core.Model.RoleValidator.Printable(text.Length > 64 ? text[..64] : text);
}
