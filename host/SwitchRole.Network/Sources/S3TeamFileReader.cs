using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Network.Aws;

namespace SwitchRole.Network.Sources;

/// <summary>
/// Reads a team file from a private S3 bucket with AWSSDK.S3: a conditional GetObject (If-None-Match with the stored
/// ETag) so an unchanged file costs one 304, bounded in size like an HTTPS source. Failures come back as a sentence
/// safe to show and log (never keys or signed URLs); the syncer then keeps the last good entries.
/// </summary>
public static class S3TeamFileReader
{
    /// <summary>The SDK's endpoint override variable for S3 (service id "S3").</summary>
    public const string EndpointVariable = "AWS_ENDPOINT_URL_S3";

    public static async Task<FetchOutcome> FetchAsync(string location, string? etag, StsGatewayOptions gatewayOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        var (bucket, key, profile) = AwsSourceLocation.ParseS3(location);
        var shown = $"s3://{bucket}/{key}";
        try
        {
            using var sts = new SdkStsGateway(gatewayOptions with { Profile = profile ?? gatewayOptions.Profile });
            var config = new AmazonS3Config
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(sts.Region),
                Timeout = gatewayOptions.Timeout,
                MaxErrorRetry = 2,
            };
            if (AwsEndpointOverride.For(EndpointVariable, gatewayOptions.GetEnvironmentVariable) is { } endpoint)
            {
                // An explicit endpoint (a test's loopback fake, MinIO, a VPC endpoint) has no bucket sub-domains.
                config.ServiceURL = endpoint.ToString();
                config.ForcePathStyle = true;
                config.AuthenticationRegion = sts.Region;
            }

            using var s3 = new AmazonS3Client(sts.Credentials, config);
            var request = new GetObjectRequest { BucketName = bucket, Key = key };
            if (etag is not null)
            {
                request.EtagToNotMatch = etag;
            }

            using var response = await s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > TextInput.MaxBytes)
            {
                return FetchOutcome.Fail($"{shown} is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list");
            }

            var bytes = await TextInput.ReadLimitedAsync(response.ResponseStream, cancellationToken).ConfigureAwait(false);
            return bytes.Length > TextInput.MaxBytes
                ? FetchOutcome.Fail($"{shown} is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list")
                : new FetchOutcome(FetchStatus.Fetched, FetchedContent.Of(bytes, response.ETag), null);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotModified)
        {
            return etag is null
                ? FetchOutcome.Fail($"{shown}: S3 answered 304 Not Modified to a request that was not conditional")
                : new FetchOutcome(FetchStatus.NotModified, null, null);
        }
        catch (AmazonS3Exception ex)
        {
            return FetchOutcome.Fail(ex.ErrorCode switch
            {
                "AccessDenied" or "AllAccessDisabled" => $"{shown}: S3 denied access (AccessDenied): your credentials{(profile is null ? string.Empty : $" (profile {profile})")} need s3:GetObject on it",
                "NoSuchKey" => $"{shown}: no such key in the bucket",
                "NoSuchBucket" => $"{shown}: no such bucket",
                "ExpiredToken" or "TokenRefreshRequired" => $"{shown}: your AWS credentials have expired; refresh them (switchrole login, aws sso login)",
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" => $"{shown}: S3 rejected your credentials ({ex.ErrorCode})",
                _ => $"{shown}: S3 answered HTTP {(int)ex.StatusCode}{(ex.ErrorCode is { Length: > 0 and <= 64 } code && code.All(char.IsAsciiLetterOrDigit) ? $" ({code})" : string.Empty)}",
            });
        }
        catch (StsException ex)
        {
            return FetchOutcome.Fail($"{shown}: {ex.Message}");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StsErrorClassifier.IsAwsOrNetwork(ex))
        {
            return FetchOutcome.Fail(ex is AmazonClientException && ex.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
                ? $"{shown}: {SdkStsGateway.NoCredentials().Message}"
                : $"{shown}: could not reach S3 ({ex.GetType().Name}); check your network connection, VPN or proxy");
        }
    }
}
