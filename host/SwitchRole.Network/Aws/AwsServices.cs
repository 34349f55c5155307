namespace SwitchRole.Network.Aws;

/// <summary>How the protocol handlers reach AWS: a gateway per (profile, region) and a federation client per partition.</summary>
public sealed class AwsServices(Func<string?, string?, IStsGateway> createGateway, Func<AwsPartition, FederationClient> createFederation)
{
    // Created on first use: a browser's host must not pay for an HTTP stack at start-up.
    internal static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(20) });

    /// <summary>The real SDK with the process's credential chain; no MFA prompt (a browser cannot answer one).</summary>
    public static AwsServices FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        return new AwsServices(
            (profile, region) => new SdkStsGateway(new StsGatewayOptions { Profile = profile, Region = region, GetEnvironmentVariable = env }),
            partition => new FederationClient(SharedHttp.Value, FederationEndpoints.For(partition, env)));
    }

    public IStsGateway CreateGateway(string? profile, string? region) => createGateway(profile, region);

    public FederationClient CreateFederation(AwsPartition partition) => createFederation(partition);
}
