using SwitchRole.Network.Aws.Sso;

namespace SwitchRole.Network.Aws;

/// <summary>
/// How the protocol handlers reach AWS: a gateway per (profile, region), a federation client per partition, and an
/// IAM Identity Center sign-in per (sso-session, profile) reading the AWS CLI's token cache.
/// </summary>
public sealed class AwsServices(
    Func<string?, string?, IStsGateway> createGateway,
    Func<AwsPartition, FederationClient> createFederation,
    Func<string?, string?, SsoSignIn>? createSsoSignIn = null,
    Func<string, string?>? getEnvironmentVariable = null)
{
    // Created on first use: a browser's host must not pay for an HTTP stack at start-up.
    internal static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(20) });

    /// <summary>The real SDK with the process's credential chain; no MFA prompt (a browser cannot answer one).</summary>
    public static AwsServices FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        return new AwsServices(
            (profile, region) => new SdkStsGateway(new StsGatewayOptions { Profile = profile, Region = region, GetEnvironmentVariable = env }),
            partition => new FederationClient(SharedHttp.Value, FederationEndpoints.For(partition, env)),
            (ssoSession, profile) => SsoSignInFor(ssoSession, profile, env),
            env);
    }

    /// <summary>The sign-in named by <paramref name="ssoSession"/> or <paramref name="profile"/> (or the only sso-session), in the AWS CLI's home.</summary>
    public static SsoSignIn SsoSignInFor(string? ssoSession, string? profile, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var home = UserHome(getEnvironmentVariable);
        return new SsoSignIn(SsoSession.Resolve(ssoSession, profile, getEnvironmentVariable, home), home, getEnvironmentVariable);
    }

    /// <summary>Where the AWS CLI keeps <c>.aws</c>: <c>$HOME</c> on Unix (as the CLI reads it), the user profile on Windows.</summary>
    public static string UserHome(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        return getEnvironmentVariable("HOME") is { Length: > 0 } home && !OperatingSystem.IsWindows() ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }

    public IStsGateway CreateGateway(string? profile, string? region) => createGateway(profile, region);

    public FederationClient CreateFederation(AwsPartition partition) => createFederation(partition);

    /// <summary>The <c>[sso-session]</c> sections of the AWS config file this process reads (<c>AWS_CONFIG_FILE</c> or <c>~/.aws/config</c>).</summary>
    /// <exception cref="StsException">The file cannot be read.</exception>
    public IReadOnlyList<ConfiguredSsoSession> ListSsoSessions() => SsoSession.ListConfigured(Env, UserHome(Env));

    /// <summary>The config file <see cref="ListSsoSessions"/> reads.</summary>
    public string ConfigFile => SsoSession.ConfigFile(Env, UserHome(Env));

    private Func<string, string?> Env => getEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <exception cref="StsException">Identity Center is not configured, or ambiguous: the message says what to add or pass.</exception>
    public SsoSignIn CreateSsoSignIn(string? ssoSession, string? profile) =>
        (createSsoSignIn ?? ((s, p) => SsoSignInFor(s, p, Environment.GetEnvironmentVariable)))(ssoSession, profile);
}
