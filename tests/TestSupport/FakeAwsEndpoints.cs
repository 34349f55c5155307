using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SwitchRole.TestSupport;

/// <summary>How the fake STS answers AssumeRole for one role ARN.</summary>
public enum FakeRoleKind
{
    Allow,
    DenyByTrustPolicy,
    DenyByCallerPolicy,
    DenyUnspecified,
    RequireMfa,
    ThrottleAlways,
    ThrottleOnce,
    InvalidArn,
}

public sealed record FakeRole(FakeRoleKind Kind, int MaxSessionDurationSeconds = 3600, string? MfaCode = null);

/// <summary>How the fake IAM Identity Center portal answers GetRoleCredentials for one account and role.</summary>
public enum FakeSsoAssignment
{
    Allow,
    ThrottleOnce,
    ThrottleAlways,
}

/// <summary>A fault the fake STS answers every request with, before looking at the action.</summary>
public enum FakeStsFault
{
    None,
    ExpiredToken,
    InvalidClientTokenId,
}

/// <summary>One request the fake saw, as the SDK or the browser sent it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    IReadOnlyDictionary<string, string> Parameters,
    bool? SignatureValid)
{
    public string? Action => Parameters.GetValueOrDefault("Action");

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>
/// The one allowed stand-in: AWS's STS Query API and the console federation endpoint, on 127.0.0.1, speaking
/// their wire formats (form-encoded POST in, XML out; JSON from getSigninToken). It checks each request's SigV4
/// signature against the secrets it knows and answers <c>SignatureDoesNotMatch</c> when it is wrong, as AWS does.
/// </summary>
public sealed class FakeAwsEndpoints : IAsyncDisposable
{
    public const string StsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> throttled = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> issuedSecrets = [];
    private readonly ConcurrentDictionary<string, bool> ssoTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> ssoIssuedKeys = new();
    private readonly LoopbackListener listener;
    private int inFlight;
    private int maxInFlight;

    public FakeAwsEndpoints()
    {
        listener = LoopbackListener.Start(ServeAsync);
    }

    public Uri BaseUrl => listener.BaseUrl;

    /// <summary>The STS endpoint (what AWS_ENDPOINT_URL_STS or ServiceURL points at).</summary>
    public Uri StsUrl => BaseUrl;

    /// <summary>The federation endpoint (what SWITCHROLE_FEDERATION_ENDPOINT points at).</summary>
    public Uri FederationUrl => new(BaseUrl, "federation");

    /// <summary>The IAM Identity Center portal endpoint (what AWS_ENDPOINT_URL_SSO points at).</summary>
    public Uri SsoUrl => BaseUrl;

    /// <summary>"account/role" to behaviour; an account and role not listed answer ForbiddenException, as the portal does.</summary>
    public ConcurrentDictionary<string, FakeSsoAssignment> SsoAssignments { get; } = new(StringComparer.Ordinal);

    /// <summary>Access key ids the portal handed out, in order.</summary>
    public IReadOnlyList<string> SsoIssuedAccessKeyIds => [.. ssoIssuedKeys];

    public string CallerAccount { get; set; } = "111111111111";

    public string CallerArn { get; set; } = "arn:aws:iam::111111111111:user/alice";

    public string CallerUserId { get; set; } = "AIDAEXAMPLEUSERID0001";

    public FakeStsFault Fault { get; set; }

    /// <summary>AssumeRole answers wait until this many are in flight (or 5 s pass), so tests can see the concurrency cap.</summary>
    public int HoldAssumeRoleUntilInFlight { get; set; }

    /// <summary>Role ARN to behaviour. A role not listed is denied the way AWS denies a missing role.</summary>
    public ConcurrentDictionary<string, FakeRole> Roles { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public int MaxAssumeRoleInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>Every secret the fake handed out (role secrets, session tokens, sign-in tokens), for leak scans.</summary>
    public IReadOnlyCollection<string> IssuedSecrets => [.. issuedSecrets];

    /// <summary>Makes the fake accept SigV4 signatures made with this key pair.</summary>
    public void AddCredentials(string accessKeyId, string secretAccessKey) => secrets[accessKeyId] = secretAccessKey;

    /// <summary>Makes the portal accept this bearer token (what `aws sso login` got); it counts as a secret for leak scans.</summary>
    public void AddSsoAccessToken(string accessToken)
    {
        ssoTokens[accessToken] = true;
        issuedSecrets.Add(accessToken);
    }

    public ValueTask DisposeAsync() => listener.DisposeAsync();

    /// <summary>Waits, up to <paramref name="timeout"/>, for a request matching <paramref name="match"/>.</summary>
    public Task<RecordedRequest?> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan timeout) =>
        Poll.UntilAsync(() => requests.FirstOrDefault(match), timeout);

    private static string RandomText(string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }

    private async Task ServeAsync(Stream stream, CancellationToken stopping)
    {
        if (await HttpWire.ReadRequestAsync(stream, stopping) is not { } request)
        {
            return;
        }

        var (status, contentType, body, extraHeaders) = await HandleAsync(request);
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", contentType),
            new("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)),
            new("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000"),
            new("Connection", "close"),
        };
        headers.AddRange(extraHeaders.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)));
        await HttpWire.WriteResponseAsync(stream, (int)status, status.ToString(), headers, bytes, stopping);
    }

    private async Task<(HttpStatusCode, string, string, IReadOnlyList<(string, string)>)> HandleAsync(HttpWireRequest raw)
    {
        var question = raw.Target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? raw.Target : raw.Target[..question];
        var query = question < 0 ? string.Empty : raw.Target[(question + 1)..];
        var body = Encoding.UTF8.GetString(raw.Body);
        var parameters = ParseForm(query);
        var isSts = path == "/" && raw.Method == "POST";
        if (isSts)
        {
            foreach (var (k, v) in ParseForm(body))
            {
                parameters[k] = v;
            }
        }

        bool? signatureValid = isSts ? SigV4Verifier.IsValid(raw, path, query, id => secrets.GetValueOrDefault(id), allowUnsignedPayload: false) : null;
        var recorded = new RecordedRequest(raw.Method, path, raw.Headers, body, parameters, signatureValid);
        requests.Enqueue(recorded);

        if (path == "/federation/credentials" && raw.Method == "GET")
        {
            return SsoGetRoleCredentials(raw.Headers, parameters);
        }

        if (path == "/federation")
        {
            return Federation(parameters);
        }

        if (path == "/oauth" && parameters.GetValueOrDefault("Action") == "logout")
        {
            return (HttpStatusCode.Found, "text/plain", string.Empty, [("Location", parameters.GetValueOrDefault("redirect_uri") ?? "/")]);
        }

        if (!isSts)
        {
            return (HttpStatusCode.NotFound, "text/plain", "not found", []);
        }

        if (signatureValid != true)
        {
            return StsError(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        switch (Fault)
        {
            case FakeStsFault.ExpiredToken:
                return StsError(HttpStatusCode.BadRequest, "ExpiredToken", "The security token included in the request is expired");
            case FakeStsFault.InvalidClientTokenId:
                return StsError(HttpStatusCode.Forbidden, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        return parameters.GetValueOrDefault("Action") switch
        {
            "GetCallerIdentity" => (HttpStatusCode.OK, "text/xml", $"""
                <GetCallerIdentityResponse xmlns="{StsNamespace}">
                  <GetCallerIdentityResult>
                    <Arn>{CallerArn}</Arn>
                    <UserId>{CallerUserId}</UserId>
                    <Account>{CallerAccount}</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata>
                    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
                  </ResponseMetadata>
                </GetCallerIdentityResponse>
                """, []),
            "AssumeRole" => await AssumeRoleAsync(parameters),
            var other => StsError(HttpStatusCode.BadRequest, "InvalidAction", $"Could not find operation {other} for version 2011-06-15"),
        };
    }

    private async Task<(HttpStatusCode, string, string, IReadOnlyList<(string, string)>)> AssumeRoleAsync(Dictionary<string, string> parameters)
    {
        var now = Interlocked.Increment(ref inFlight);
        try
        {
            int seen;
            do
            {
                seen = Volatile.Read(ref maxInFlight);
            }
            while (now > seen && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen);

            if (HoldAssumeRoleUntilInFlight > 0)
            {
                await Poll.UntilAsync(() => Volatile.Read(ref maxInFlight) >= HoldAssumeRoleUntilInFlight ? (object)true : null, TimeSpan.FromSeconds(5));
            }

            return AssumeRole(parameters);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private (HttpStatusCode, string, string, IReadOnlyList<(string, string)>) AssumeRole(Dictionary<string, string> parameters)
    {
        var arn = parameters.GetValueOrDefault("RoleArn") ?? string.Empty;
        var sessionName = parameters.GetValueOrDefault("RoleSessionName") ?? string.Empty;
        var duration = int.Parse(parameters.GetValueOrDefault("DurationSeconds") ?? "3600", CultureInfo.InvariantCulture);
        var caller = CallerArn;
        var denied = $"User: {caller} is not authorized to perform: sts:AssumeRole on resource: {arn}";
        var role = Roles.GetValueOrDefault(arn) ?? new FakeRole(FakeRoleKind.DenyByTrustPolicy);
        switch (role.Kind)
        {
            case FakeRoleKind.DenyByTrustPolicy:
                return StsError(HttpStatusCode.Forbidden, "AccessDenied", denied + " because no resource-based policy allows the sts:AssumeRole action");
            case FakeRoleKind.DenyByCallerPolicy:
                return StsError(HttpStatusCode.Forbidden, "AccessDenied", denied + " because no identity-based policy allows the sts:AssumeRole action");
            case FakeRoleKind.DenyUnspecified:
                return StsError(HttpStatusCode.Forbidden, "AccessDenied", denied);
            case FakeRoleKind.ThrottleAlways:
                return StsError(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");
            case FakeRoleKind.ThrottleOnce when throttled.AddOrUpdate(arn, 1, (_, n) => n + 1) == 1:
                return StsError(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded");
            case FakeRoleKind.InvalidArn:
                return StsError(HttpStatusCode.BadRequest, "ValidationError", $"{arn} is invalid");
            case FakeRoleKind.RequireMfa:
                if (!parameters.TryGetValue("SerialNumber", out _) || !parameters.TryGetValue("TokenCode", out var code))
                {
                    return StsError(HttpStatusCode.Forbidden, "AccessDenied", denied);
                }

                if (code != role.MfaCode)
                {
                    return StsError(HttpStatusCode.Forbidden, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ");
                }

                break;
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            return StsError(HttpStatusCode.BadRequest, "ValidationError",
                CallerArn.Contains(":assumed-role/", StringComparison.Ordinal)
                    ? "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
                    : "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        var accessKeyId = "ASIA" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var secret = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        var token = "IQoJb3JpZ2luX2Vj" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 300);
        issuedSecrets.Add(secret);
        issuedSecrets.Add(token);
        AddCredentials(accessKeyId, secret);
        var roleName = arn[(arn.LastIndexOf('/') + 1)..];
        var account = arn.Split(':') is [_, _, _, _, var a, ..] ? a : "000000000000";
        var partition = arn.Split(':') is [_, var p, ..] ? p : "aws";
        var expiration = DateTime.UtcNow.AddSeconds(duration).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return (HttpStatusCode.OK, "text/xml", $"""
            <AssumeRoleResponse xmlns="{StsNamespace}">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAEXAMPLEROLEID0001:{sessionName}</AssumedRoleId>
                  <Arn>arn:{partition}:sts::{account}:assumed-role/{roleName}/{sessionName}</Arn>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{accessKeyId}</AccessKeyId>
                  <SecretAccessKey>{secret}</SecretAccessKey>
                  <SessionToken>{token}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata>
                <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
              </ResponseMetadata>
            </AssumeRoleResponse>
            """, []);
    }

    private (HttpStatusCode, string, string, IReadOnlyList<(string, string)>) Federation(Dictionary<string, string> parameters)
    {
        switch (parameters.GetValueOrDefault("Action"))
        {
            case "getSigninToken":
                try
                {
                    using var session = JsonDocument.Parse(parameters.GetValueOrDefault("Session") ?? string.Empty);
                    var id = session.RootElement.GetProperty("sessionId").GetString() ?? string.Empty;
                    var key = session.RootElement.GetProperty("sessionKey").GetString();
                    var token = session.RootElement.GetProperty("sessionToken").GetString();
                    if (!secrets.TryGetValue(id, out var known) || known != key || string.IsNullOrEmpty(token))
                    {
                        return (HttpStatusCode.BadRequest, "text/html", "<html><body>Bad Request</body></html>", []);
                    }
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    return (HttpStatusCode.BadRequest, "text/html", "<html><body>Bad Request</body></html>", []);
                }

                var signin = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 400);
                issuedSecrets.Add(signin);
                return (HttpStatusCode.OK, "application/json", $$"""{"SigninToken":"{{signin}}"}""", []);
            case "login":
                return (HttpStatusCode.OK, "text/html", "<html><head><title>AWS Console (fake)</title></head><body>signed in</body></html>", []);
            default:
                return (HttpStatusCode.BadRequest, "text/html", "<html><body>Bad Request</body></html>", []);
        }
    }

    /// <summary>The portal's REST-JSON GetRoleCredentials: bearer token in a header, error type in x-amzn-ErrorType.</summary>
    private (HttpStatusCode, string, string, IReadOnlyList<(string, string)>) SsoGetRoleCredentials(IReadOnlyDictionary<string, string> headers, Dictionary<string, string> parameters)
    {
        var account = parameters.GetValueOrDefault("account_id");
        var role = parameters.GetValueOrDefault("role_name");
        if (string.IsNullOrEmpty(account) || string.IsNullOrEmpty(role))
        {
            return SsoError(HttpStatusCode.BadRequest, "InvalidRequestException", "role_name and account_id are required");
        }

        if (!headers.TryGetValue("x-amz-sso_bearer_token", out var token) || !ssoTokens.ContainsKey(token))
        {
            return SsoError(HttpStatusCode.Unauthorized, "UnauthorizedException", "Session token not found or invalid");
        }

        var key = $"{account}/{role}";
        if (!SsoAssignments.TryGetValue(key, out var assignment))
        {
            return SsoError(HttpStatusCode.Forbidden, "ForbiddenException", "No access");
        }

        if (assignment == FakeSsoAssignment.ThrottleAlways || (assignment == FakeSsoAssignment.ThrottleOnce && throttled.AddOrUpdate("sso:" + key, 1, (_, n) => n + 1) == 1))
        {
            return SsoError(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "HTTP 429 Unknown Code");
        }

        var accessKeyId = "ASIA" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var secret = RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        var sessionToken = "IQoJb3JpZ2luX2Vj" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 300);
        issuedSecrets.Add(secret);
        issuedSecrets.Add(sessionToken);
        AddCredentials(accessKeyId, secret);
        ssoIssuedKeys.Enqueue(accessKeyId);
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        return (HttpStatusCode.OK, "application/json",
            $$$"""{"roleCredentials":{"accessKeyId":"{{{accessKeyId}}}","secretAccessKey":"{{{secret}}}","sessionToken":"{{{sessionToken}}}","expiration":{{{expiration}}}}}""", []);
    }

    private static (HttpStatusCode, string, string, IReadOnlyList<(string, string)>) SsoError(HttpStatusCode status, string type, string message) =>
        (status, "application/json", $$"""{"message":"{{message}}"}""", [("x-amzn-ErrorType", $"{type}:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/")]);

    private static (HttpStatusCode, string, string, IReadOnlyList<(string, string)>) StsError(HttpStatusCode status, string code, string message) =>
        (status, "text/xml", $"""
            <ErrorResponse xmlns="{StsNamespace}">
              <Error>
                <Type>Sender</Type>
                <Code>{code}</Code>
                <Message>{WebUtility.HtmlEncode(message)}</Message>
              </Error>
              <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
            </ErrorResponse>
            """, []);

    private static Dictionary<string, string> ParseForm(string form)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result[name] = value;
        }

        return result;
    }
}
