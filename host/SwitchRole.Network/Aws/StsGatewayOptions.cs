using Amazon.Runtime;

namespace SwitchRole.Network.Aws;

/// <summary>How <see cref="SdkStsGateway"/> finds its credentials and endpoint.</summary>
public sealed record StsGatewayOptions
{
    /// <summary>A profile in the AWS config or credentials file; null means the SDK's default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>The region to call STS in; null means AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>An explicit STS endpoint. Null leaves it to the SDK, which honours <c>AWS_ENDPOINT_URL_STS</c> and <c>endpoint_url</c>.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// An explicit IAM Identity Center portal endpoint for GetRoleCredentials. Null means <c>AWS_ENDPOINT_URL_SSO</c>,
    /// then <c>AWS_ENDPOINT_URL</c>, then <c>https://portal.sso.&lt;sso_region&gt;.amazonaws.com</c>.
    /// </summary>
    public Uri? SsoServiceUrl { get; init; }

    /// <summary>
    /// The home folder holding <c>.aws/config</c>, <c>.aws/credentials</c> and <c>.aws/sso/cache</c> (tests). Null means
    /// the OS user's home, with the SDK's own rules for the config files (<c>AWS_CONFIG_FILE</c>, <c>AWS_SHARED_CREDENTIALS_FILE</c>).
    /// </summary>
    public string? HomeDirectory { get; init; }

    /// <summary>Explicit credentials, bypassing the chain (in-process tests; the CLI never sets this).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Attempts per call for throttling, 5xx and network errors.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first retry waits up to this long; each further one doubles it (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Asks a person for an MFA code for the given device; null means MFA cannot be answered.</summary>
    public Func<string, string?>? MfaCodePrompt { get; init; }

    /// <summary>Where environment variables come from (AWS_PROFILE, AWS_REGION).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
