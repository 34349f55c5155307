using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace SwitchRole.Network.Aws.Organizations;

/// <summary>
/// AWS Organizations' ListAccounts, ListParents and DescribeOrganizationalUnit over its JSON 1.1 protocol.
/// Hand-written because AWSSDK.Organizations is not available from the package registry this project builds
/// from; the signature itself is the SDK's (<see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>),
/// only the canonical request is put together here. Credentials come from <see cref="SdkStsGateway"/>'s chain
/// and are never logged or put in a message.
/// </summary>
public sealed class OrganizationsClient(HttpClient http, AWSCredentials credentials, Uri endpoint, string signingRegion, int maxAttempts = 4, TimeSpan? retryBaseDelay = null)
{
    /// <summary>The SDK's endpoint override variable for Organizations (service id "Organizations").</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_ORGANIZATIONS";

    private const string TargetPrefix = "AWSOrganizationsV20161128.";
    private const int MaxPages = 1000; // 20 accounts a page: far beyond any organization's quota.

    private readonly Dictionary<string, string> ouNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> parentPaths = new(StringComparer.Ordinal);
    private readonly TimeSpan retryBase = retryBaseDelay ?? TimeSpan.FromMilliseconds(300);

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The global endpoint of the partition <paramref name="region"/> is in, unless overridden: AWS_ENDPOINT_URL_ORGANIZATIONS, then AWS_ENDPOINT_URL.</summary>
    public static (Uri Endpoint, string SigningRegion) EndpointFor(string? region, Func<string, string?> getEnvironmentVariable)
    {
        var partition = AwsPartition.ForRegion(region);
        // Each partition serves Organizations in its default region, except China (in Ningxia, not Beijing).
        var signing = partition == AwsPartition.China ? "cn-northwest-1" : partition.DefaultRegion;
        return (AwsEndpointOverride.For(EndpointVariable, getEnvironmentVariable) ?? new Uri($"https://organizations.{signing}.{partition.DnsSuffix}/"), signing);
    }

    /// <summary>Every account, following NextToken to the end; with <paramref name="withOuPaths"/>, each account's organizational-unit path.</summary>
    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(bool withOuPaths, CancellationToken cancellationToken = default)
    {
        var accounts = new List<OrganizationAccount>();
        string? next = null;
        var pages = 0;
        do
        {
            if (++pages > MaxPages)
            {
                throw new StsException(StsFailureKind.Other, $"AWS Organizations at {Endpoint.Authority} kept answering ListAccounts with more pages (over {MaxPages}); try again later.");
            }

            var body = next is null ? "{}" : JsonSerializer.Serialize(new OrgListAccountsRequest { NextToken = next }, OrganizationsJsonContext.Default.OrgListAccountsRequest);
            var page = await CallAsync("ListAccounts", body, OrganizationsJsonContext.Default.OrgListAccountsResponse, cancellationToken).ConfigureAwait(false);
            foreach (var a in page.Accounts ?? [])
            {
                if (a?.Id is { Length: > 0 } id)
                {
                    accounts.Add(new OrganizationAccount(id, a.Name ?? string.Empty, a.State ?? a.Status ?? "UNKNOWN"));
                }
            }

            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (next is not null);

        if (!withOuPaths)
        {
            return accounts;
        }

        var result = new List<OrganizationAccount>(accounts.Count);
        foreach (var account in accounts)
        {
            // Only the accounts that get entries need a path: fewer calls, and ListParents is throttled at 1 a second on bursts.
            result.Add(account.IsActive ? account with { OuPath = await PathOfAsync(account.Id, 0, cancellationToken).ConfigureAwait(false) ?? string.Empty } : account);
        }

        return result;
    }

    /// <summary>The OU path above a child (an account or an OU): names from the root down, joined with '/'.</summary>
    private async Task<string?> PathOfAsync(string childId, int depth, CancellationToken cancellationToken)
    {
        if (depth > 6)
        {
            return null; // Organizations allows 5 levels of OUs under the root.
        }

        var body = JsonSerializer.Serialize(new OrgListParentsRequest { ChildId = childId }, OrganizationsJsonContext.Default.OrgListParentsRequest);
        var parents = await CallAsync("ListParents", body, OrganizationsJsonContext.Default.OrgListParentsResponse, cancellationToken).ConfigureAwait(false);
        var parent = parents.Parents?.FirstOrDefault(p => p is not null);
        if (parent?.Id is not { Length: > 0 } parentId || !string.Equals(parent.Type, "ORGANIZATIONAL_UNIT", StringComparison.Ordinal))
        {
            return string.Empty; // The root.
        }

        if (parentPaths.TryGetValue(parentId, out var known))
        {
            return known;
        }

        if (!ouNames.TryGetValue(parentId, out var name))
        {
            var describe = JsonSerializer.Serialize(new OrgDescribeOuRequest { OrganizationalUnitId = parentId }, OrganizationsJsonContext.Default.OrgDescribeOuRequest);
            var ou = await CallAsync("DescribeOrganizationalUnit", describe, OrganizationsJsonContext.Default.OrgDescribeOuResponse, cancellationToken).ConfigureAwait(false);
            name = (ou.OrganizationalUnit?.Name ?? parentId).Replace('/', '-');
            ouNames[parentId] = name;
        }

        var above = await PathOfAsync(parentId, depth + 1, cancellationToken).ConfigureAwait(false);
        var path = string.IsNullOrEmpty(above) ? name : above + "/" + name;
        parentPaths[parentId] = path;
        return path;
    }

    private async Task<T> CallAsync<T>(string action, string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            StsException failure;
            bool transient;
            try
            {
                using var request = await SignedRequestAsync(action, body).ConfigureAwait(false);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    try
                    {
                        return JsonSerializer.Deserialize(bytes, type)
                            ?? throw new StsException(StsFailureKind.Other, $"AWS Organizations answered {action} with an empty body; try again.");
                    }
                    catch (JsonException)
                    {
                        throw new StsException(StsFailureKind.Other, $"AWS Organizations at {Endpoint.Authority} answered {action} with something that is not its JSON; check AWS_ENDPOINT_URL_ORGANIZATIONS or your proxy.");
                    }
                }

                (failure, transient) = Classify(action, response, bytes);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
            {
                failure = new StsException(StsFailureKind.Network, $"Could not reach AWS Organizations at {Endpoint.Authority}: check your network connection, VPN or proxy (HTTPS_PROXY), then try again.");
                transient = true;
            }

            if (!transient || attempt >= maxAttempts)
            {
                throw failure;
            }

            var ceiling = retryBase.TotalMilliseconds * Math.Pow(2, attempt - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2))), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> SignedRequestAsync(string action, string body)
    {
        var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(body);
        var path = string.IsNullOrEmpty(Endpoint.AbsolutePath) ? "/" : Endpoint.AbsolutePath;
        var host = Endpoint.IsDefaultPort ? Endpoint.Host : Endpoint.Authority;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = TargetPrefix + action,
        };
        if (identity.UseToken)
        {
            headers["x-amz-security-token"] = identity.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalHeaders = string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n"));
        var canonicalRequest = $"POST\n{path}\n\n{canonicalHeaders}\n{signedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(payload))}";
        var signature = AWS4Signer.ComputeSignature(identity, signingRegion, now, "organizations", signedHeaders, canonicalRequest);

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoint, path))
        {
            Content = new ByteArrayContent(payload),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + action);
        if (identity.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", identity.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }

    private static (StsException Failure, bool Transient) Classify(string action, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        string? code = null;
        try
        {
            var error = JsonSerializer.Deserialize(body, OrganizationsJsonContext.Default.OrgError);
            code = error?.Type;
        }
        catch (JsonException)
        {
            // Not AWS's error body; the status says enough.
        }

        if (code is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault();
        }

        // "com.amazonaws.organizations.v20161128#AccessDeniedException" or "AccessDeniedException:http://...".
        code = code?.Split('#').Last().Split(':')[0].Trim();
        if (code is { Length: > 64 } || (code is not null && !code.All(char.IsAsciiLetterOrDigit)))
        {
            code = null;
        }

        return code switch
        {
            "AccessDeniedException" => (new StsException(StsFailureKind.Denied,
                $"AWS Organizations refused {action}: your credentials need organizations:ListAccounts (and organizations:ListParents and organizations:DescribeOrganizationalUnit for --group-by ou), in the management account or a delegated administrator account.", code), false),
            "AWSOrganizationsNotInUseException" => (new StsException(StsFailureKind.NotFound,
                "Your account is not part of an organization in AWS Organizations: use the profile of the management account or a delegated administrator account.", code), false),
            "TooManyRequestsException" => (new StsException(StsFailureKind.Throttled,
                "AWS Organizations throttled the requests and retries did not help: wait a minute and try again.", code), true),
            "ExpiredTokenException" or "ExpiredToken" => (new StsException(StsFailureKind.ExpiredCredentials,
                "Your AWS credentials have expired: refresh them (`switchrole login`, `aws sso login`, or new temporary keys) and try again.", code), false),
            "UnrecognizedClientException" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "InvalidClientTokenId" => (new StsException(StsFailureKind.InvalidCredentials,
                "AWS rejected your credentials (unknown access key or wrong secret): fix the profile or environment variables they come from.", code), false),
            _ when status >= 500 || code is "ServiceException" => (new StsException(StsFailureKind.Other,
                $"AWS Organizations failed with HTTP {status}: try again in a minute.", "InternalFailure"), true),
            _ => (new StsException(StsFailureKind.Other,
                $"AWS Organizations answered {action} with HTTP {status}{(code is null ? string.Empty : $" ({code})")}.", code), false),
        };
    }
}

internal sealed class OrgListAccountsRequest
{
    public string? NextToken { get; set; }
}

internal sealed class OrgListAccountsResponse
{
    public List<OrgAccount?>? Accounts { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class OrgAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Status { get; set; }

    public string? State { get; set; }
}

internal sealed class OrgListParentsRequest
{
    public string? ChildId { get; set; }
}

internal sealed class OrgListParentsResponse
{
    public List<OrgParent?>? Parents { get; set; }
}

internal sealed class OrgParent
{
    public string? Id { get; set; }

    public string? Type { get; set; }
}

internal sealed class OrgDescribeOuRequest
{
    public string? OrganizationalUnitId { get; set; }
}

internal sealed class OrgDescribeOuResponse
{
    public OrgOu? OrganizationalUnit { get; set; }
}

internal sealed class OrgOu
{
    public string? Name { get; set; }
}

internal sealed class OrgError
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(OrgListAccountsRequest))]
[JsonSerializable(typeof(OrgListAccountsResponse))]
[JsonSerializable(typeof(OrgListParentsRequest))]
[JsonSerializable(typeof(OrgListParentsResponse))]
[JsonSerializable(typeof(OrgDescribeOuRequest))]
[JsonSerializable(typeof(OrgDescribeOuResponse))]
[JsonSerializable(typeof(OrgError))]
internal sealed partial class OrganizationsJsonContext : JsonSerializerContext;
