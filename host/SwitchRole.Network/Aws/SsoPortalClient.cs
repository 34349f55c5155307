using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace SwitchRole.Network.Aws;

/// <summary>
/// IAM Identity Center's GetRoleCredentials over HTTPS for <see cref="SdkStsGateway"/>'s SSO profiles, with their
/// retries and sentences per profile (see SdkStsGateway.SsoCredentials for why the SDK's provider is not used there).
/// The bearer token and the returned keys are never logged or put in a message.
/// </summary>
internal sealed partial class SsoPortalClient(HttpClient http, Uri endpoint, int maxAttempts, TimeSpan retryBaseDelay, TimeSpan timeout)
{
    /// <summary>The SDK's service-specific endpoint override for the SSO portal.</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_SSO";

    /// <summary>The SDK's endpoint override for every service.</summary>
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";

    public Uri Endpoint { get; } = endpoint;

    /// <summary>
    /// <paramref name="configured"/>, else <c>AWS_ENDPOINT_URL_SSO</c>, else <c>AWS_ENDPOINT_URL</c>, else the region's portal.
    /// An override must be https, or http on loopback: the request carries a bearer token.
    /// </summary>
    public static Uri EndpointFor(string ssoRegion, Uri? configured, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (configured is not null)
        {
            return configured;
        }

        foreach (var variable in new[] { EndpointVariable, GlobalEndpointVariable })
        {
            if (getEnvironmentVariable(variable) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url)
                    || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
                    || !string.IsNullOrEmpty(url.Query))
                {
                    throw new StsException(StsFailureKind.Other,
                        $"{variable} must be an https URL (or http on loopback) without a query, like https://portal.sso.{ssoRegion}.amazonaws.com; unset it to use AWS's endpoint.");
                }

                return url;
            }
        }

        return new Uri($"https://portal.sso.{ssoRegion}.{AwsPartition.ForRegion(ssoRegion).DnsSuffix}");
    }

    /// <summary>GET <c>/federation/credentials?role_name=..&amp;account_id=..</c> with the bearer token; retries throttling, 5xx and network errors.</summary>
    public async Task<SessionAWSCredentials> GetRoleCredentialsAsync(SsoSettings settings, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var url = new Uri(Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')
            + "/federation/credentials?role_name=" + Uri.EscapeDataString(settings.RoleName)
            + "&account_id=" + Uri.EscapeDataString(settings.AccountId));
        var host = Endpoint.Authority;
        for (var attempt = 1; ; attempt++)
        {
            StsException failure;
            var transient = false;
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptTimeout.CancelAfter(timeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", accessToken);
                request.Headers.Accept.ParseAdd("application/json");
                using var response = await http.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
                    return Parse(body, host);
                }

                (failure, transient) = FromStatus(response, settings, host);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
            {
                failure = new StsException(StsFailureKind.Network,
                    $"Could not reach IAM Identity Center at {host}: check your network connection, VPN or proxy (HTTPS_PROXY), then try again.");
                transient = true;
            }

            if (!transient || attempt >= maxAttempts)
            {
                throw failure;
            }

            // Full jitter, as for STS: a random wait up to base * 2^(attempt-1).
            var ceiling = retryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2))), cancellationToken).ConfigureAwait(false);
        }
    }

    private static SessionAWSCredentials Parse(byte[] body, string host)
    {
        SsoRoleCredentials? credentials = null;
        try
        {
            credentials = JsonSerializer.Deserialize(body, SsoJsonContext.Default.SsoRoleCredentialsResponse)?.RoleCredentials;
        }
        catch (JsonException)
        {
            // Reported below; the body may hold secrets, so it is not echoed.
        }

        if (credentials is not { AccessKeyId.Length: > 0, SecretAccessKey.Length: > 0, SessionToken.Length: > 0 })
        {
            throw new StsException(StsFailureKind.Other, $"IAM Identity Center at {host} answered GetRoleCredentials without credentials: try again in a minute.");
        }

        return new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
    }

    private static (StsException Failure, bool Transient) FromStatus(HttpResponseMessage response, SsoSettings settings, string host)
    {
        var status = (int)response.StatusCode;
        var type = ErrorType(response);
        return status switch
        {
            401 => (new StsException(StsFailureKind.ExpiredCredentials,
                $"Your IAM Identity Center session for profile '{settings.ProfileName}' has expired or was signed out (the portal refused its token): run `{settings.LoginCommand}` and try again.", type ?? "UnauthorizedException"), false),
            403 => (new StsException(StsFailureKind.NoCredentials,
                $"IAM Identity Center says role '{settings.RoleName}' in account {settings.AccountId} is not assigned to you (profile '{settings.ProfileName}'): check sso_account_id and sso_role_name, or ask your administrator for the assignment.", type ?? "ForbiddenException"), false),
            429 => (new StsException(StsFailureKind.Throttled,
                "IAM Identity Center throttled the requests and retries did not help: wait a minute and try again.", type ?? "TooManyRequestsException"), true),
            >= 500 => (new StsException(StsFailureKind.Other,
                $"IAM Identity Center at {host} failed with HTTP {status}: try again in a minute.", "InternalFailure"), true),
            _ => (new StsException(StsFailureKind.NoCredentials,
                $"IAM Identity Center at {host} answered GetRoleCredentials with HTTP {status.ToString(CultureInfo.InvariantCulture)}{(type is null ? string.Empty : $" ({type})")}: check sso_region and sso_start_url of profile '{settings.ProfileName}'.", type), false),
        };
    }

    /// <summary>The error's name from <c>x-amzn-ErrorType</c> (<c>UnauthorizedException:http://...</c>), when it is a plain name.</summary>
    private static string? ErrorType(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            return null;
        }

        var name = values.FirstOrDefault()?.Split(':')[0].Trim();
        return name is not null && ErrorName().IsMatch(name) ? name : null;
    }

    [GeneratedRegex("^[A-Za-z]{1,64}$")]
    private static partial Regex ErrorName();
}
