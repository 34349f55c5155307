namespace SwitchRole.Core.Aws;

/// <summary>How the protocol handlers reach AWS: a gateway per (profile, region) and a federation client per partition.</summary>
public sealed class AwsServices(Func<string?, string?, IStsGateway> createGateway, Func<AwsPartition, FederationClient> createFederation)
{
    private static readonly HttpClient SharedHttp = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The real SDK with the process's credential chain; no MFA prompt (a browser cannot answer one).</summary>
    public static AwsServices FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        return new AwsServices(
            (profile, region) => new SdkStsGateway(new StsGatewayOptions { Profile = profile, Region = region, GetEnvironmentVariable = env }),
            partition => new FederationClient(SharedHttp, FederationEndpoints.For(partition, env)));
    }

    public IStsGateway CreateGateway(string? profile, string? region) => createGateway(profile, region);

    public FederationClient CreateFederation(AwsPartition partition) => createFederation(partition);
}
