using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SwitchRole.Network.Aws;

/// <summary>
/// <see cref="IStsGateway"/> over AWSSDK.SecurityToken. Credentials are resolved at call time from the
/// named profile or the SDK's default chain, kept only in memory, and never logged.
/// </summary>
public sealed partial class SdkStsGateway : IStsGateway, IDisposable
{
    private readonly StsGatewayOptions options;
    private readonly Lazy<(AmazonSecurityTokenServiceClient Client, string? MfaSerial, AWSCredentials Credentials)> client;

    public SdkStsGateway(StsGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;

        // The SDK's own providers reached below (the default chain's web identity, profiles the SDK resolves) need these under NativeAOT.
        AwsRuntimeDependencies.EnsureRegistered();
        Region = ResolveRegion(options, out var profile);
        client = new Lazy<(AmazonSecurityTokenServiceClient, string?, AWSCredentials)>(() => CreateClient(profile), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Region { get; }

    public string? ProfileMfaSerial => client.Value.MfaSerial;

    /// <summary>The credentials this gateway resolved (profile, chain or environment), for the other AWS clients (Organizations, S3).</summary>
    internal AWSCredentials Credentials => client.Value.Credentials;

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

    private static string ResolveRegion(StsGatewayOptions options, out CredentialProfile? profile)
    {
        profile = null;
        var profileName = options.Profile ?? NonEmpty(options.GetEnvironmentVariable("AWS_PROFILE"));
        if (options.Credentials is null && profileName is not null)
        {
            var chain = ProfileChain(options);
            if (!TryGetProfile(chain, profileName, out profile))
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
            ?? ProfileRegion(options, profile)
            ?? AwsPartition.Aws.DefaultRegion;
    }

    /// <summary>
    /// The profile's region. A profile can be split between the credentials file (keys) and the config file
    /// (region), and the SDK returns the first half it finds, so look at every profile of that name.
    /// </summary>
    private static string? ProfileRegion(StsGatewayOptions options, CredentialProfile? profile)
    {
        if (profile is null)
        {
            return null;
        }

        try
        {
            return profile.Region?.SystemName
                ?? ProfileChain(options).ListProfiles()
                    .Where(p => p.Name == profile.Name && p.Region is not null)
                    .Select(p => p.Region.SystemName)
                    .FirstOrDefault();
        }
        catch (AmazonClientException)
        {
            // Another profile in the files is broken; this one has no region of its own.
            return null;
        }
    }

    /// <summary>The SDK's lookup, with its configuration errors (an sso_session without its section) turned into a sentence.</summary>
    private static bool TryGetProfile(CredentialProfileStoreChain chain, string name, [NotNullWhen(true)] out CredentialProfile? profile)
    {
        try
        {
            return chain.TryGetProfile(name, out profile);
        }
        catch (AmazonClientException ex)
        {
            var match = SsoSessionNotFound().Match(ex.Message);
            var session = match.Success ? SwitchRole.Core.Model.RoleValidator.Printable(match.Groups[1].Value) : null;
            throw new StsException(StsFailureKind.NoCredentials, session is not null
                ? $"The AWS profile '{name}' names sso_session '{session}', but there is no [sso-session {session}] section with sso_start_url and sso_region in your AWS config: fix it in your AWS config, or run `aws configure sso --profile {name}`."
                : $"The AWS profile '{name}' cannot be read from your AWS config ({ex.Message.ReplaceLineEndings(" ").Trim()}): fix it, then check it with `aws configure list --profile {name}`.");
        }
    }

    [GeneratedRegex(@"sso_session \[([^\]\r\n]{1,64})\]")]
    private static partial Regex SsoSessionNotFound();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The SDK's profile files: its defaults, or <c>.aws/credentials</c> (and <c>config</c> beside it) under an explicit home.</summary>
    private static CredentialProfileStoreChain ProfileChain(StsGatewayOptions options) =>
        options.HomeDirectory is { } home ? new CredentialProfileStoreChain(Path.Combine(home, ".aws", "credentials")) : new CredentialProfileStoreChain();

    private (AmazonSecurityTokenServiceClient, string?, AWSCredentials) CreateClient(CredentialProfile? profile)
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

        string? mfaSerial = profile is null ? null : NonEmpty(profile.Options.MfaSerial);
        AWSCredentials credentials;
        if (options.Credentials is not null)
        {
            credentials = options.Credentials;
        }
        else if (profile is not null && (options.Profile is not null || EnvironmentCredentials() is null))
        {
            // As in the AWS CLI: --profile wins; AWS_PROFILE yields to keys in the environment.
            credentials = ProfileCredentials(ProfileChain(options), profile, config, depth: 0);
            if (NonEmpty(profile.Options.RoleArn) is not null)
            {
                // The profile's own mfa_serial was spent on its role; assuming the target from there is role chaining.
                mfaSerial = null;
            }
        }
        else if (options.Profile is null && NonEmpty(options.GetEnvironmentVariable("AWS_PROFILE")) is null && EnvironmentCredentials() is null
            && ProfileChain(options) is var chain && TryGetProfile(chain, "default", out var fallback) && SsoSettings.IsSso(fallback))
        {
            // Kept here, not left to the SDK's default chain: a [default] SSO profile then gets the same token cache, home and sentences as a named one.
            credentials = ProfileCredentials(chain, fallback, config, depth: 0);
        }
        else
        {
            try
            {
                credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
            }
            catch (AmazonClientException)
            {
                throw NoCredentials();
            }
        }

        return (new AmazonSecurityTokenServiceClient(credentials, config), mfaSerial, credentials);
    }

    /// <summary>
    /// A profile's credentials. Profiles with <c>role_arn</c> are assumed here, with our own client, rather than by
    /// the SDK's AssumeRoleAWSCredentials: the STS client the SDK takes from GlobalRuntimeDependencyRegistry is one per
    /// process and is not given the source credentials, so a source_profile chain cannot be served that way, and the
    /// SDK's path would not use our endpoint, region, MFA prompt and error messages.
    /// </summary>
    private AWSCredentials ProfileCredentials(CredentialProfileStoreChain chain, CredentialProfile profile, AmazonSecurityTokenServiceConfig config, int depth)
    {
        var o = profile.Options;
        if (depth > 8)
        {
            throw new StsException(StsFailureKind.NoCredentials, $"The AWS profile '{profile.Name}' is part of a source_profile loop: fix source_profile in your AWS config.");
        }

        if (NonEmpty(o.RoleArn) is { } roleArn)
        {
            AWSCredentials source;
            if (NonEmpty(o.SourceProfile) is { } sourceName)
            {
                if (!TryGetProfile(chain, sourceName, out var sourceProfile))
                {
                    throw new StsException(StsFailureKind.ProfileNotFound,
                        $"The AWS profile '{profile.Name}' names source_profile '{sourceName}', which is not in your AWS config or credentials file: fix the name.");
                }

                source = ProfileCredentials(chain, sourceProfile, config, depth + 1);
            }
            else if (string.Equals(NonEmpty(o.CredentialSource), "Environment", StringComparison.OrdinalIgnoreCase))
            {
                source = EnvironmentCredentials() ?? throw NoCredentials();
            }
            else
            {
                throw new StsException(StsFailureKind.NoCredentials,
                    $"The AWS profile '{profile.Name}' has role_arn but no source_profile (credential_source '{o.CredentialSource}' is not supported here): add source_profile.");
            }

            return AssumeProfileRole(profile, roleArn, source, config);
        }

        // IAM Identity Center before keys, as in the AWS CLI.
        if (SsoSettings.IsSso(profile))
        {
            return SsoCredentials(SsoSettings.From(profile));
        }

        // Keys, with or without mfa_serial (a base profile for MFA-protected roles, which the SDK does not accept as a type).
        if (NonEmpty(o.AccessKey) is { } key && NonEmpty(o.SecretKey) is { } secret)
        {
            return NonEmpty(o.Token) is { } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret);
        }

        try
        {
            if (chain.TryGetAWSCredentials(profile.Name, out var fromProfile))
            {
                return fromProfile;
            }
        }
        catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException)
        {
            throw ProfileUnusable(profile.Name, ex);
        }
        catch (Exception ex) when (ex.GetType().Name == "MissingRuntimeDependencyException")
        {
            throw ProfileUnusable(profile.Name, ex);
        }

        throw new StsException(StsFailureKind.NoCredentials,
            $"The AWS profile '{profile.Name}' holds no usable credentials: add keys with `aws configure --profile {profile.Name}`, or point it at a source_profile.");
    }

    private SessionAWSCredentials AssumeProfileRole(CredentialProfile profile, string roleArn, AWSCredentials source, AmazonSecurityTokenServiceConfig config)
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = NonEmpty(profile.Options.RoleSessionName) ?? SessionNames.ForOpen(),
        };
        if (NonEmpty(profile.Options.ExternalID) is { } externalId)
        {
            request.ExternalId = externalId;
        }

        if (NonEmpty(profile.Options.MfaSerial) is { } device)
        {
            request.SerialNumber = device;
            request.TokenCode = options.MfaCodePrompt?.Invoke(device)
                ?? throw new StsException(StsFailureKind.MfaRequired, $"The AWS profile '{profile.Name}' needs an MFA code for {device} and none can be asked for here: run the command in a terminal.");
        }

        using var sourceClient = new AmazonSecurityTokenServiceClient(source, config);
        try
        {
            // Synchronous on purpose: this runs once, inside the lazy client set-up, on a thread with no
            // synchronisation context (CLI and host mode), so blocking cannot deadlock.
            var credentials = sourceClient.AssumeRoleAsync(request).GetAwaiter().GetResult().Credentials
                ?? throw new StsException(StsFailureKind.Other, $"AWS answered AssumeRole for the profile's role {roleArn} without credentials; try again.");
            return new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        }
        catch (Exception ex) when (ex is not StsException && StsErrorClassifier.IsAwsOrNetwork(ex))
        {
            var failure = StsErrorClassifier.Classify(ex, roleArn, options.ServiceUrl?.Authority ?? DefaultEndpointHost);
            throw new StsException(failure.Kind, $"The AWS profile '{profile.Name}' could not assume its role: {failure.Message}", failure.AwsErrorCode);
        }
    }

    /// <summary>Role credentials from the IAM Identity Center portal, with the token <c>aws sso login</c> cached.</summary>
    /// <remarks>
    /// Hand-written, not the SDK's SSOAWSCredentials (which works under NativeAOT once AwsRuntimeDependencies registers
    /// the SSO clients): the SDK's token manager reads and rewrites the cache only under the process's own home folder
    /// and endpoint (not <see cref="StsGatewayOptions.HomeDirectory"/>/<see cref="StsGatewayOptions.SsoServiceUrl"/>),
    /// and its failures say nothing of which profile to sign in again.
    /// </remarks>
    private SessionAWSCredentials SsoCredentials(SsoSettings settings)
    {
        var home = options.HomeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var accessToken = SsoTokenCache.ReadAccessToken(home, settings, DateTimeOffset.UtcNow);
        var portal = new SsoPortalClient(AwsServices.SharedHttp.Value, SsoPortalClient.EndpointFor(settings.Region, options.SsoServiceUrl, options.GetEnvironmentVariable),
            options.MaxAttempts, options.RetryBaseDelay, options.Timeout);

        // Synchronous for the same reason as AssumeProfileRole: it runs once, inside the lazy client set-up.
        return portal.GetRoleCredentialsAsync(settings, accessToken).GetAwaiter().GetResult();
    }

    private AWSCredentials? EnvironmentCredentials()
    {
        var key = NonEmpty(options.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
        var secret = NonEmpty(options.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        if (key is null || secret is null)
        {
            return null;
        }

        return NonEmpty(options.GetEnvironmentVariable("AWS_SESSION_TOKEN")) is { } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret);
    }

    private static StsException ProfileUnusable(string name, Exception ex)
    {
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

    /// <summary>AWS's STS host for <see cref="Region"/>, in the region's partition (sts.eusc-de-east-1.amazonaws.eu).</summary>
    private string DefaultEndpointHost => $"sts.{Region}.{AwsPartition.ForRegion(Region).DnsSuffix}";

    private string EndpointHost()
    {
        try
        {
            var url = client.IsValueCreated ? client.Value.Client.Config.ServiceURL : null;
            return url is null ? DefaultEndpointHost : new Uri(url).Authority;
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
