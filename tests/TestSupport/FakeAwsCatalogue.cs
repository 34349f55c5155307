using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SwitchRole.TestSupport;

/// <summary>An account of the fake organization.</summary>
public sealed record FakeOrgAccount(string Id, string Name, string State = "ACTIVE", string? ParentOuId = null);

/// <summary>
/// Loopback stand-ins for AWS Organizations (JSON 1.1: POST / with X-Amz-Target, NextToken pages, ListParents,
/// DescribeOrganizationalUnit) and S3 (REST XML, path-style GetObject with ETag / If-None-Match → 304, AccessDenied
/// XML on 403). Every request's SigV4 signature is checked against the keys it knows, as AWS does.
/// </summary>
public sealed class FakeAwsCatalogue : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, string Path, string? Target, string? IfNoneMatch, int Status)> requests = new();
    private readonly LoopbackListener listener;

    public FakeAwsCatalogue()
    {
        listener = LoopbackListener.Start(ServeAsync);
    }

    public Uri BaseUrl => listener.BaseUrl;

    /// <summary>Accounts in ListAccounts order; replace the list to change the organization.</summary>
    public List<FakeOrgAccount> Accounts { get; set; } = [];

    /// <summary>OU id to (name, parent OU id or null for the root).</summary>
    public Dictionary<string, (string Name, string? Parent)> Units { get; } = new(StringComparer.Ordinal);

    public int PageSize { get; set; } = 3;

    /// <summary>"bucket/key" to content; the ETag is the content's MD5 in quotes, as S3 gives for simple uploads.</summary>
    public ConcurrentDictionary<string, string> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>"bucket/key" answered 403 AccessDenied.</summary>
    public ConcurrentDictionary<string, bool> Denied { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Method, string Path, string? Target, string? IfNoneMatch, int Status)> Requests => [.. requests];

    public int BadSignatures { get; private set; }

    /// <summary>Identity Center: account id to (name, permission sets) the signed-in person has.</summary>
    public Dictionary<string, (string Name, string[] PermissionSets)> SsoAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>The keys GetRoleCredentials hands out (register them with the federation fake).</summary>
    public string SsoRoleAccessKeyId { get; set; } = "ASIASSOROLEKEY000001";

    public string SsoRoleSecret { get; set; } = "sso-role-secret/0123456789abcdefghijklmnop";

    /// <summary>Access tokens the portal accepts; the fake's OIDC adds each token it issues.</summary>
    public ConcurrentDictionary<string, bool> SsoAccessTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Refresh tokens the OIDC endpoint accepts.</summary>
    public ConcurrentDictionary<string, bool> SsoRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Every token and secret the fake issued, for leak scans.</summary>
    public ConcurrentBag<string> IssuedSecrets { get; } = [];

    private int tokenCounter;

    public void AddCredentials(string accessKeyId, string secretAccessKey) => secrets[accessKeyId] = secretAccessKey;

#pragma warning disable CA5351 // S3's ETag of a simple upload is the MD5 of the object: the wire format, not security.
    public static string ETagOf(string content) => "\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(content))) + "\"";
#pragma warning restore CA5351

    public ValueTask DisposeAsync() => listener.DisposeAsync();

    private async Task ServeAsync(Stream stream, CancellationToken stopping)
    {
        if (await HttpWire.ReadRequestAsync(stream, stopping) is not { } raw)
        {
            return;
        }

        var (status, type, body, extraHeaders) = Handle(raw);
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", type),
            new("Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture)),
            new("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000"),
            new("x-amz-request-id", "0000000000000000"),
            new("Connection", "close"),
        };
        headers.AddRange(extraHeaders.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)));
        await HttpWire.WriteResponseAsync(stream, status, ((HttpStatusCode)status).ToString(), headers, status == 304 ? ReadOnlyMemory<byte>.Empty : bytes, stopping);
    }

    private (int, string, string, List<(string, string)>) Handle(HttpWireRequest raw)
    {
        var question = raw.Target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? raw.Target : raw.Target[..question];
        var query = question < 0 ? string.Empty : raw.Target[(question + 1)..];
        var target = raw.Headers.GetValueOrDefault("x-amz-target");
        if (path is "/client/register" or "/device_authorization" or "/token" || path.StartsWith("/assignment/", StringComparison.Ordinal) || path == "/federation/credentials")
        {
            var sso = Sso(raw, path, query);
            requests.Enqueue((raw.Method, path, null, null, sso.Item1));
            return sso;
        }

        var result = !SigV4Verifier.IsValid(raw, path, query, id => secrets.GetValueOrDefault(id), allowUnsignedPayload: true)
            ? (target is null
                ? (403, "application/xml", S3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."), [])
                : (400, "application/x-amz-json-1.1", """{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}""", new List<(string, string)>()))
            : target is not null && raw.Method == "POST" && path == "/"
                ? Organizations(target, Encoding.UTF8.GetString(raw.Body))
                : raw.Method == "GET" ? S3Get(Uri.UnescapeDataString(path.TrimStart('/')), raw.Headers.GetValueOrDefault("if-none-match"))
                : (404, "text/plain", "not found", []);
        if (result.Item1 == 403 && result.Item3.Contains("SignatureDoesNotMatch", StringComparison.Ordinal) || result.Item3.Contains("InvalidSignatureException", StringComparison.Ordinal))
        {
            BadSignatures++;
        }

        requests.Enqueue((raw.Method, path, target, raw.Headers.GetValueOrDefault("if-none-match"), result.Item1));
        return result;
    }

    private (int, string, string, List<(string, string)>) Organizations(string target, string body)
    {
        const string json = "application/x-amz-json-1.1";
        var request = JsonNode.Parse(body.Length == 0 ? "{}" : body)!.AsObject();
        switch (target)
        {
            case "AWSOrganizationsV20161128.ListAccounts":
            {
                var start = request["NextToken"] is { } token ? int.Parse(token.GetValue<string>()["page-".Length..], CultureInfo.InvariantCulture) : 0;
                var page = Accounts.Skip(start).Take(PageSize).Select(a => new JsonObject
                {
                    ["Id"] = a.Id,
                    ["Arn"] = $"arn:aws:organizations::111111111111:account/o-example/{a.Id}",
                    ["Email"] = $"aws+{a.Id}@example.com",
                    ["Name"] = a.Name,
                    ["Status"] = a.State == "CLOSED" ? "SUSPENDED" : a.State,
                    ["State"] = a.State,
                    ["JoinedMethod"] = "CREATED",
                    ["JoinedTimestamp"] = 1.7e9,
                }).ToArray<JsonNode?>();
                var answer = new JsonObject { [nameof(Accounts)] = new JsonArray(page) };
                if (start + PageSize < Accounts.Count)
                {
                    answer["NextToken"] = "page-" + (start + PageSize).ToString(CultureInfo.InvariantCulture);
                }

                return (200, json, answer.ToJsonString(), []);
            }

            case "AWSOrganizationsV20161128.ListParents":
            {
                var child = request["ChildId"]!.GetValue<string>();
                var parent = Accounts.FirstOrDefault(a => a.Id == child)?.ParentOuId ?? (Units.TryGetValue(child, out var unit) ? unit.Parent : null);
                var item = parent is null ? new JsonObject { ["Id"] = "r-root", ["Type"] = "ROOT" } : new JsonObject { ["Id"] = parent, ["Type"] = "ORGANIZATIONAL_UNIT" };
                return (200, json, new JsonObject { ["Parents"] = new JsonArray(item) }.ToJsonString(), []);
            }

            case "AWSOrganizationsV20161128.DescribeOrganizationalUnit":
            {
                var id = request["OrganizationalUnitId"]!.GetValue<string>();
                return Units.TryGetValue(id, out var unit)
                    ? (200, json, new JsonObject { ["OrganizationalUnit"] = new JsonObject { ["Id"] = id, ["Name"] = unit.Name, ["Arn"] = "arn:aws:organizations::111111111111:ou/o-example/" + id } }.ToJsonString(), [])
                    : (400, json, """{"__type":"OrganizationalUnitNotFoundException","Message":"not found"}""", []);
            }

            default:
                return (400, json, """{"__type":"UnknownOperationException"}""", []);
        }
    }

    private (int, string, string, List<(string, string)>) S3Get(string bucketAndKey, string? ifNoneMatch)
    {
        if (Denied.ContainsKey(bucketAndKey))
        {
            return (403, "application/xml", S3Error("AccessDenied", "Access Denied"), []);
        }

        if (!Objects.TryGetValue(bucketAndKey, out var content))
        {
            return (404, "application/xml", S3Error("NoSuchKey", "The specified key does not exist."), []);
        }

        var etag = ETagOf(content);
        return ifNoneMatch == etag
            ? (304, "application/xml", string.Empty, [("ETag", etag)])
            : (200, "application/octet-stream", content, [("ETag", etag), ("Last-Modified", "Sat, 05 Dec 2026 09:00:00 GMT")]);
    }

    private (int, string, string, List<(string, string)>) Sso(HttpWireRequest raw, string path, string query)
    {
        const string json = "application/json";
        var q = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty), StringComparer.Ordinal);
        var body = raw.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(raw.Body)!.AsObject();
        static (int, string, string, List<(string, string)>) Error(int status, string type, string error) =>
            (status, "application/json", new JsonObject { ["error"] = error, ["error_description"] = type, ["message"] = type }.ToJsonString(), [("x-amzn-ErrorType", type)]);
        switch (path)
        {
            case "/client/register":
                IssuedSecrets.Add("fake-client-secret-0123456789");
                return (200, json, new JsonObject { ["clientId"] = "fake-client-id", ["clientSecret"] = "fake-client-secret-0123456789", ["clientIdIssuedAt"] = 1_700_000_000, ["clientSecretExpiresAt"] = 4_000_000_000 }.ToJsonString(), []);
            case "/device_authorization":
                return (200, json, new JsonObject { ["deviceCode"] = "fake-device-code", ["userCode"] = "ABCD-EFGH", ["verificationUri"] = "https://device.sso.eu-central-1.amazonaws.com/", ["verificationUriComplete"] = "https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH", ["expiresIn"] = 600, ["interval"] = 1 }.ToJsonString(), []);
            case "/token":
            {
                var grant = body["grantType"]?.GetValue<string>();
                if (grant == "refresh_token")
                {
                    if (body["refreshToken"]?.GetValue<string>() is not { } refresh || !SsoRefreshTokens.ContainsKey(refresh))
                    {
                        return Error(400, "InvalidGrantException", "invalid_grant");
                    }
                }
                else if (grant == "urn:ietf:params:oauth:grant-type:device_code")
                {
                    if (Interlocked.Decrement(ref pendingLeft) >= 0)
                    {
                        return Error(400, "AuthorizationPendingException", "authorization_pending");
                    }
                }
                else
                {
                    return Error(400, "UnsupportedGrantTypeException", "unsupported_grant_type");
                }

                var n = Interlocked.Increment(ref tokenCounter);
                var access = $"fake-sso-access-token-{n:D4}-0123456789abcdef";
                var newRefresh = $"fake-sso-refresh-token-{n:D4}-0123456789abcdef";
                SsoAccessTokens[access] = true;
                SsoRefreshTokens[newRefresh] = true;
                IssuedSecrets.Add(access);
                IssuedSecrets.Add(newRefresh);
                return (200, json, new JsonObject { ["accessToken"] = access, ["tokenType"] = "Bearer", ["expiresIn"] = 3600, ["refreshToken"] = newRefresh }.ToJsonString(), []);
            }
        }

        if (raw.Headers.GetValueOrDefault("x-amz-sso_bearer_token") is not { } bearer || !SsoAccessTokens.ContainsKey(bearer))
        {
            return Error(401, "UnauthorizedException", "Session token not found or invalid");
        }

        switch (path)
        {
            case "/assignment/accounts":
            {
                var all = SsoAccounts.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
                var start = q.TryGetValue("next_token", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 0;
                var page = all.Skip(start).Take(2).Select(a => (JsonNode?)new JsonObject { ["accountId"] = a.Key, ["accountName"] = a.Value.Name, ["emailAddress"] = $"aws+{a.Key}@example.com" }).ToArray();
                var answer = new JsonObject { ["accountList"] = new JsonArray(page) };
                if (start + 2 < all.Count)
                {
                    answer["nextToken"] = (start + 2).ToString(CultureInfo.InvariantCulture);
                }

                return (200, json, answer.ToJsonString(), []);
            }

            case "/assignment/roles":
                return SsoAccounts.TryGetValue(q.GetValueOrDefault("account_id") ?? string.Empty, out var account)
                    ? (200, json, new JsonObject { ["roleList"] = new JsonArray([.. account.PermissionSets.Select(p => (JsonNode?)new JsonObject { ["roleName"] = p, ["accountId"] = q["account_id"] })]) }.ToJsonString(), [])
                    : Error(403, "ForbiddenException", "No access");
            default: // /federation/credentials
                if (!SsoAccounts.TryGetValue(q.GetValueOrDefault("account_id") ?? string.Empty, out var target) || !target.PermissionSets.Contains(q.GetValueOrDefault("role_name")))
                {
                    return Error(403, "ForbiddenException", "No access");
                }

                IssuedSecrets.Add(SsoRoleSecret);
                return (200, json, new JsonObject { ["roleCredentials"] = new JsonObject { ["accessKeyId"] = SsoRoleAccessKeyId, ["secretAccessKey"] = SsoRoleSecret, ["sessionToken"] = "fake-sso-role-session-token-0123456789", ["expiration"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() } }.ToJsonString(), []);
        }
    }

    private int pendingLeft = 1;

    /// <summary>Re-arms the pending polls for the next device-code sign-in.</summary>
    public void ExpectSignIn(int pendingPolls = 1) => pendingLeft = pendingPolls;

    private static string S3Error(string code, string message) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>0000000000000000</RequestId><HostId>fake</HostId></Error>";
}
