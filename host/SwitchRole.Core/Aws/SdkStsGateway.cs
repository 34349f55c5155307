using System.Net;
using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SwitchRole.Core.Aws;

/// <summary>
/// <see cref="IStsGateway"/> over AWSSDK.SecurityToken. Credentials are resolved at call time from the
/// named profile or the SDK's default chain, kept only in memory, and never logged.
/// </summary>
public sealed class SdkStsGateway : IStsGateway, IDisposable
{
    private static int registered;

    private readonly StsGatewayOptions options;
    private readonly Lazy<(AmazonSecurityTokenServiceClient Client, string? MfaSerial)> client;

    public SdkStsGateway(StsGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RegisterRuntimeDependencies();
        this.options = options;
        Region = ResolveRegion(options, out var profile);
        client = new Lazy<(AmazonSecurityTokenServiceClient, string?)>(() => CreateClient(profile), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Region { get; }

    public string? ProfileMfaSerial => client.Value.MfaSerial;

    /// <inheritdoc />
    public Task<StsIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
        WithRetriesAsync(null, async () =>
        {
            var response = await client.Value.Client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new StsIdentity(response.Account ?? string.Empty, response.Arn ?? string.Empty, response.UserId ?? string.Empty);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<RoleSession> AssumeRoleAsync(AssumeRoleSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return WithRetriesAsync(spec.RoleArn, async () =>
        {
            var request = new AssumeRoleRequest
            {
                RoleArn = spec.RoleArn,
                RoleSessionName = spec.SessionName,
                DurationSeconds = spec.DurationSeconds,
            };
            if (spec.MfaSerial is not null)
            {
                request.SerialNumber = spec.MfaSerial;
                request.TokenCode = spec.MfaCode;
            }

            if (spec.ExternalId is not null)
            {
                request.ExternalId = spec.ExternalId;
            }

            var response = await client.Value.Client.AssumeRoleAsync(request, cancellationToken).ConfigureAwait(false);
            var credentials = response.Credentials ?? throw new StsException(StsFailureKind.Other, $"AWS answered AssumeRole for {spec.RoleArn} without credentials; try again.");
            return new RoleSession(
                credentials.AccessKeyId ?? string.Empty,
                credentials.SecretAccessKey ?? string.Empty,
                credentials.SessionToken ?? string.Empty,
                credentials.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) : null,
                response.AssumedRoleUser?.Arn ?? string.Empty);
        }, cancellationToken);
    }

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Client.Dispose();
        }
    }

    /// <summary>
    /// Profiles with <c>role_arn</c> make the SDK create an STS client by reflection, which trimming removes;
    /// registering the factory keeps them working under NativeAOT.
    /// </summary>
    private static void RegisterRuntimeDependencies()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(
                context => new AmazonSecurityTokenServiceClient(context.SecurityTokenServiceClientContextData.Region));
        }
    }

    private static string ResolveRegion(StsGatewayOptions options, out CredentialProfile? profile)
    {
        profile = null;
        var profileName = options.Profile ?? NonEmpty(options.GetEnvironmentVariable("AWS_PROFILE"));
        if (options.Credentials is null && profileName is not null)
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(profileName, out profile))
            {
                if (options.Profile is not null)
                {
                    throw new StsException(StsFailureKind.ProfileNotFound,
                        $"The AWS profile '{profileName}' is not in your AWS config or credentials file: check the name with `aws configure list-profiles`.");
                }

                profile = null;
            }
        }

        return NonEmpty(options.Region)
            ?? NonEmpty(options.GetEnvironmentVariable("AWS_REGION"))
            ?? NonEmpty(options.GetEnvironmentVariable("AWS_DEFAULT_REGION"))
            ?? ProfileRegion(profile)
            ?? AwsPartition.Aws.DefaultRegion;
    }

    /// <summary>
    /// The profile's region. A profile can be split between the credentials file (keys) and the config file
    /// (region), and the SDK returns the first half it finds, so look at every profile of that name.
    /// </summary>
    private static string? ProfileRegion(CredentialProfile? profile)
    {
        if (profile is null)
        {
            return null;
        }

        return profile.Region?.SystemName
            ?? new CredentialProfileStoreChain().ListProfiles()
                .Where(p => p.Name == profile.Name && p.Region is not null)
                .Select(p => p.Region.SystemName)
                .FirstOrDefault();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private (AmazonSecurityTokenServiceClient, string?) CreateClient(CredentialProfile? profile)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(Region),
            // Retries are ours (see WithRetriesAsync), so that throttling is reported once, after the last attempt.
            MaxErrorRetry = 0,
            Timeout = options.Timeout,

            // Pinned so the signature's scope names our region even when AWS_ENDPOINT_URL_STS points elsewhere
            // (the SDK would otherwise fall back to us-east-1 for a host it does not recognise).
            AuthenticationRegion = Region,
        };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl.ToString();
        }

        var credentials = options.Credentials ?? ResolveCredentials(profile, config);
        string? mfaSerial = null;
        if (profile is not null)
        {
            mfaSerial = NonEmpty(profile.Options.MfaSerial);
        }

        if (credentials is AssumeRoleAWSCredentials assumeRole && assumeRole.Options?.MfaSerialNumber is not null)
        {
            // The profile itself assumes a role with MFA: ask for the code when the SDK needs it.
            var prompt = options.MfaCodePrompt;
            var device = assumeRole.Options.MfaSerialNumber;
            assumeRole.Options.MfaTokenCodeCallback = () => prompt?.Invoke(device)
                ?? throw new StsException(StsFailureKind.MfaRequired, $"The profile needs an MFA code for {device} and none can be asked for here: run the command in a terminal.");

            // The source profile's MFA is spent on that first role; the target role is then chained.
            mfaSerial = null;
        }

        return (new AmazonSecurityTokenServiceClient(credentials, config), mfaSerial);
    }

    private static AWSCredentials ResolveCredentials(CredentialProfile? profile, AmazonSecurityTokenServiceConfig config)
    {
        if (profile is not null)
        {
            var chain = new CredentialProfileStoreChain();
            try
            {
                if (chain.TryGetAWSCredentials(profile.Name, out var fromProfile))
                {
                    return fromProfile;
                }
            }
            catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or MissingRuntimeDependencyException)
            {
                throw ProfileUnusable(profile.Name, ex);
            }

            // Keys plus mfa_serial (a base profile for MFA-protected roles) is not a profile type the SDK knows;
            // the keys are still the credentials to sign with.
            if (NonEmpty(profile.Options.AccessKey) is { } key && NonEmpty(profile.Options.SecretKey) is { } secret)
            {
                return NonEmpty(profile.Options.Token) is { } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret);
            }

            throw new StsException(StsFailureKind.NoCredentials,
                $"The AWS profile '{profile.Name}' holds no usable credentials: add keys with `aws configure --profile {profile.Name}`, or point it at a source_profile.");
        }

        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
        }
        catch (AmazonClientException)
        {
            throw NoCredentials();
        }
    }

    private static StsException ProfileUnusable(string name, Exception ex)
    {
        var text = ex.Message;
        if (text.Contains("SSO", StringComparison.OrdinalIgnoreCase))
        {
            return new StsException(StsFailureKind.NoCredentials,
                $"The AWS profile '{name}' uses IAM Identity Center (SSO), which this build cannot read yet: run `eval \"$(aws configure export-credentials --profile {name} --format env)\"` and try again without --profile.");
        }

        return new StsException(StsFailureKind.NoCredentials,
            $"The AWS profile '{name}' cannot produce credentials ({ex.GetType().Name}): check it with `aws sts get-caller-identity --profile {name}`.");
    }

    internal static StsException NoCredentials() => new(StsFailureKind.NoCredentials,
        "No AWS credentials found: pass --profile NAME (or set AWS_PROFILE), run `aws configure` or `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");

    private async Task<T> WithRetriesAsync<T>(string? roleArn, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            StsException failure;
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (StsException ex)
            {
                failure = ex;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && StsErrorClassifier.IsAwsOrNetwork(ex))
            {
                failure = StsErrorClassifier.Classify(ex, roleArn, EndpointHost());
            }

            var transient = failure.Kind is StsFailureKind.Throttled or StsFailureKind.Network
                || (failure.Kind is StsFailureKind.Other && failure.AwsErrorCode is "InternalFailure" or "ServiceUnavailable" or "InternalError");
            if (!transient || attempt >= options.MaxAttempts)
            {
                throw failure;
            }

            // Full jitter: a random wait up to base * 2^(attempt-1), so parallel checks spread out.
            var ceiling = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            await Task.Delay(TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2))), cancellationToken).ConfigureAwait(false);
        }
    }

    private string EndpointHost()
    {
        try
        {
            var url = client.IsValueCreated ? client.Value.Client.Config.ServiceURL : null;
            return url is null ? $"sts.{Region}.amazonaws.com" : new Uri(url).Authority;
        }
        catch (UriFormatException)
        {
            return "the STS endpoint";
        }
    }
}

/// <summary>Turns SDK and network exceptions into <see cref="StsException"/> with a sentence a person can act on.</summary>
public static class StsErrorClassifier
{
    public static bool IsAwsOrNetwork(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or IOException or TaskCanceledException or TimeoutException;

    public static StsException Classify(Exception ex, string? roleArn, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
        {
            return FromService(service.ErrorCode, service.Message ?? string.Empty, service.StatusCode, roleArn);
        }

        if (IsNetwork(ex))
        {
            return new StsException(StsFailureKind.Network,
                $"Could not reach AWS STS at {endpoint}: check your network connection, VPN or proxy (HTTPS_PROXY), then try again.");
        }

        if (ex is AmazonServiceException { StatusCode: var status } && (int)status >= 500)
        {
            return new StsException(StsFailureKind.Other, $"AWS STS failed with HTTP {(int)status}: try again in a minute.", "InternalFailure");
        }

        if (ex is AmazonClientException && ex.Message.Contains("credential", StringComparison.OrdinalIgnoreCase))
        {
            return SdkStsGateway.NoCredentials();
        }

        return new StsException(StsFailureKind.Other, $"The AWS call failed ({ex.GetType().Name}): {FirstSentence(ex.Message)}");
    }

    /// <summary>Maps an AWS error code and message (from the STS Query API's ErrorResponse) to a failure.</summary>
    public static StsException FromService(string code, string message, HttpStatusCode status, string? roleArn)
    {
        var target = roleArn ?? "the call";
        var aws = FirstSentence(message);
        switch (code)
        {
            case "ExpiredToken" or "ExpiredTokenException" or "TokenRefreshRequired":
                return new StsException(StsFailureKind.ExpiredCredentials,
                    "Your AWS credentials have expired: refresh them (`aws sso login`, or new temporary keys) and try again.", code);
            case "InvalidClientTokenId" or "SignatureDoesNotMatch" or "UnrecognizedClientException" or "IncompleteSignature" or "InvalidAccessKeyId":
                return new StsException(StsFailureKind.InvalidCredentials,
                    "AWS rejected your credentials (unknown access key or wrong secret): fix the profile or environment variables they come from.", code);
            case "RequestExpired" or "SignatureExpired":
                return new StsException(StsFailureKind.InvalidCredentials,
                    "AWS says the request's signature is too old: set your computer's clock right (enable time synchronisation) and try again.", code);
            case "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException" or "PriorRequestNotComplete":
                return new StsException(StsFailureKind.Throttled,
                    "AWS throttled the requests and retries did not help: wait a minute and try again, or check fewer roles at once.", code);
            case "RegionDisabledException":
                return new StsException(StsFailureKind.RegionDisabled,
                    "STS is not activated in this region for the account: pass --region with an enabled region (such as us-east-1), or activate it under IAM > Account settings.", code);
            case "NoSuchEntity" or "NoSuchEntityException":
                return new StsException(StsFailureKind.NotFound, $"{target}: the role or account does not exist: check the account id and role name.", code);
            case "AccessDenied" or "AccessDeniedException":
                return Denied(code, aws, target);
            case "ValidationError" or "ValidationException" or "InvalidParameterValue" or "InvalidParameterCombination":
                if (aws.Contains("DurationSeconds", StringComparison.OrdinalIgnoreCase) || aws.Contains("MaxSessionDuration", StringComparison.OrdinalIgnoreCase))
                {
                    return aws.Contains("chaining", StringComparison.OrdinalIgnoreCase)
                        ? new StsException(StsFailureKind.DurationTooLong,
                            $"{target}: your credentials are themselves a role session, and AWS caps a role assumed from one (role chaining) at 1 hour: pass --duration 3600 or less.", code)
                        : new StsException(StsFailureKind.DurationTooLong,
                            $"{target}: the duration asked for is over the role's maximum session duration: pass a smaller --duration, or raise the role's maximum in IAM.", code);
                }

                if (aws.Contains("MultiFactor", StringComparison.OrdinalIgnoreCase) || aws.Contains("MFA", StringComparison.Ordinal) || aws.Contains("TokenCode", StringComparison.Ordinal))
                {
                    return new StsException(StsFailureKind.MfaRequired, $"{target}: the MFA code or device was not accepted: enter the current 6-digit code for the device in mfa_serial.", code);
                }

                if (aws.Contains("arn", StringComparison.OrdinalIgnoreCase))
                {
                    return new StsException(StsFailureKind.NotFound, $"{target}: AWS says the role ARN is not valid ({aws}): check the account id and role name.", code);
                }

                return new StsException(StsFailureKind.Other, $"{target}: AWS rejected the request: {aws}", code);
            default:
                if ((int)status >= 500)
                {
                    return new StsException(StsFailureKind.Other, $"AWS STS failed with HTTP {(int)status} ({code}): try again in a minute.", "InternalFailure");
                }

                return new StsException(StsFailureKind.Other, $"{target}: AWS answered {code}: {aws}", code);
        }
    }

    private static StsException Denied(string code, string aws, string target)
    {
        if (aws.Contains("MultiFactor", StringComparison.OrdinalIgnoreCase) || aws.Contains("MFA", StringComparison.Ordinal))
        {
            return new StsException(StsFailureKind.MfaRequired,
                $"{target}: the role requires MFA: set mfa_serial in your AWS profile (or pass --mfa-serial) and enter the code when asked.", code);
        }

        if (aws.Contains("identity-based policy", StringComparison.OrdinalIgnoreCase)
            || aws.Contains("service control policy", StringComparison.OrdinalIgnoreCase)
            || aws.Contains("permissions boundary", StringComparison.OrdinalIgnoreCase)
            || aws.Contains("session policy", StringComparison.OrdinalIgnoreCase))
        {
            return new StsException(StsFailureKind.DeniedByCallerPolicy,
                $"{target}: denied by your own permissions (AWS: {aws}): allow sts:AssumeRole on this role ARN in your base account (see `switchrole policy`).", code);
        }

        if (aws.Contains("resource-based policy", StringComparison.OrdinalIgnoreCase))
        {
            return new StsException(StsFailureKind.DeniedByTrustPolicy,
                $"{target}: denied by the role's trust policy, or the role does not exist (AWS answers both the same way): check the account id and role name, and that the trust policy names your base account (see `switchrole policy`).", code);
        }

        return new StsException(StsFailureKind.Denied,
            $"{target}: access denied (AWS: {aws}): check the account id and role name, the role's trust policy, and your sts:AssumeRole permission (see `switchrole policy`).", code);
    }

    private static bool IsNetwork(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException or SocketException or TimeoutException or TaskCanceledException
                || (ex is IOException && ex.InnerException is SocketException or null))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>AWS messages are one sentence; keep them bounded and on one line.</summary>
    private static string FirstSentence(string message)
    {
        var text = message.ReplaceLineEndings(" ").Trim();
        return text.Length > 400 ? text[..400] + "…" : text;
    }
}
