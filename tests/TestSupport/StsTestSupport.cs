using Amazon.Runtime;
using SwitchRole.Network.Aws;

namespace SwitchRole.TestSupport;

/// <summary>The real SDK client, pointed at the loopback fake through the client config (not process-wide env vars).</summary>
public static class StsTestSupport
{
    public const string AccessKeyId = "AKIAFAKEBASEKEY00001";
    public const string SecretAccessKey = "base-secret/Fake+Key0123456789abcdefghijk";

    public static SdkStsGateway Gateway(FakeAwsEndpoints fake, string? region = "eu-west-1", int maxAttempts = 4)
    {
        fake.AddCredentials(AccessKeyId, SecretAccessKey);
        return new SdkStsGateway(new StsGatewayOptions
        {
            Credentials = new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
            ServiceUrl = fake.StsUrl,
            Region = region,
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Timeout = TimeSpan.FromSeconds(10),
            GetEnvironmentVariable = _ => null,
        });
    }

    public static FederationClient Federation(FakeAwsEndpoints fake, HttpClient http) =>
        new(http, FederationEndpoints.For(AwsPartition.Aws, name => name == FederationEndpoints.EnvironmentVariable ? fake.FederationUrl.ToString() : null));
}
