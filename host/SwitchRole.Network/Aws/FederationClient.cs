using System.Net;
using System.Text;
using System.Text.Json;

namespace SwitchRole.Network.Aws;

/// <summary>Where the federation sign-in calls go: the partition's endpoint, or an override for tests and proxies.</summary>
public sealed record FederationEndpoints(Uri Federation, Uri Logout)
{
    /// <summary>Overrides the federation endpoint (tests, private proxies). Must be https, or http on loopback.</summary>
    public const string EnvironmentVariable = "SWITCHROLE_FEDERATION_ENDPOINT";

    public static FederationEndpoints For(AwsPartition partition, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var overridden = getEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(overridden))
        {
            return new FederationEndpoints(partition.FederationEndpoint, partition.LogoutEndpoint);
        }

        if (!Uri.TryCreate(overridden.Trim(), UriKind.Absolute, out var url)
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            || !string.IsNullOrEmpty(url.Query))
        {
            throw new StsException(StsFailureKind.Other,
                $"{EnvironmentVariable} must be an https URL (or http on loopback) without a query, like https://signin.aws.amazon.com/federation; unset it to use AWS's endpoint.");
        }

        // An overridden endpoint serves its own logout page beside it.
        return new FederationEndpoints(url, new Uri(url, "oauth"));
    }
}

/// <summary>
/// The console federation flow (IAM "custom identity broker"): exchange role credentials for a sign-in token,
/// then build the login URL. The token request carries the credentials in its query, so neither that URL
/// nor the login URL is ever logged.
/// </summary>
public sealed class FederationClient(HttpClient http, FederationEndpoints endpoints)
{
    public const string Issuer = "switchrole";

    public FederationEndpoints Endpoints { get; } = endpoints;

    /// <summary>GET <c>?Action=getSigninToken</c>. <paramref name="sessionDurationSeconds"/> must be null for chained role sessions.</summary>
    public async Task<string> GetSigninTokenAsync(RoleSession session, int? sessionDurationSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var query = new StringBuilder("?Action=getSigninToken");
        if (sessionDurationSeconds is { } duration)
        {
            query.Append("&SessionDuration=").Append(duration.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        query.Append("&Session=").Append(Uri.EscapeDataString(SessionJson(session)));
        var host = Endpoints.Federation.Authority;
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoints.Federation + query.ToString()));
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StsException(StsFailureKind.Network,
                $"Could not reach the AWS federation endpoint at {host}: check your network connection, VPN or proxy, then try again.");
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // The body is not echoed: AWS's error pages are HTML and say nothing more than the status.
                throw new StsException(StsFailureKind.Other, (int)response.StatusCode switch
                {
                    400 or 401 or 403 => $"The AWS federation endpoint at {host} refused the role session (HTTP {(int)response.StatusCode}): the role may be too new or its session too short; try again, or use --duration 3600.",
                    429 => $"The AWS federation endpoint at {host} throttled the request (HTTP 429): wait a minute and try again.",
                    _ => $"The AWS federation endpoint at {host} failed with HTTP {(int)response.StatusCode}: try again in a minute.",
                });
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("SigninToken", out var token)
                    && token.ValueKind == JsonValueKind.String
                    && token.GetString() is { Length: > 0 } value)
                {
                    return value;
                }
            }
            catch (JsonException)
            {
                // Falls through to the error below.
            }

            throw new StsException(StsFailureKind.Other, $"The AWS federation endpoint at {host} answered without a SigninToken: try again, or check {FederationEndpoints.EnvironmentVariable}.");
        }
    }

    /// <summary><c>?Action=login&amp;Issuer=switchrole&amp;Destination=...&amp;SigninToken=...</c>; valid for 15 minutes.</summary>
    public Uri BuildLoginUrl(string signinToken, Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new Uri(Endpoints.Federation
            + "?Action=login&Issuer=" + Uri.EscapeDataString(Issuer)
            + "&Destination=" + Uri.EscapeDataString(destination.ToString())
            + "&SigninToken=" + Uri.EscapeDataString(signinToken));
    }

    /// <summary>Wraps a login URL so a browser signed in to another account is logged out first.</summary>
    public Uri WrapWithLogout(Uri loginUrl)
    {
        ArgumentNullException.ThrowIfNull(loginUrl);
        return new Uri(Endpoints.Logout + "?Action=logout&redirect_uri=" + Uri.EscapeDataString(loginUrl.ToString()));
    }

    private static string SessionJson(RoleSession session)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", session.AccessKeyId);
            writer.WriteString("sessionKey", session.SecretAccessKey);
            writer.WriteString("sessionToken", session.SessionToken);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
