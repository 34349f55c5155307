using Amazon;
using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace SwitchRole.Network.Aws;

/// <summary>
/// Registers the STS, SSO and SSO-OIDC clients with AWSSDK.Core's <see cref="GlobalRuntimeDependencyRegistry"/>. The SDK's
/// own credential providers (web identity in the default chain, SSO profiles, the SSO token manager) otherwise load
/// those clients by reflection, which NativeAOT cannot do (MissingRuntimeDependencyException). Registered once per
/// process, lazily: a browser's host that never calls AWS never loads the SDK.
/// </summary>
public static class AwsRuntimeDependencies
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        var env = (Func<string, string?>)Environment.GetEnvironmentVariable;
        var registry = GlobalRuntimeDependencyRegistry.Instance;
        registry.RegisterSecurityTokenServiceClient(context =>
        {
            var data = context.SecurityTokenServiceClientContextData;

            // AssumeRoleAWSCredentials needs a client signed with its source credentials, which the context does not
            // carry: answering null leaves that path to the SDK's fallback (SdkStsGateway assumes profile roles itself).
            if (data.Action == SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials)
            {
                return null!;
            }

            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = data.Region ?? RegionEndpoint.USEast1 };
            Configure(config, "AWS_ENDPOINT_URL_STS", data.ProxySettings, env);
            return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
        });
        registry.RegisterSSOClient(context =>
        {
            var data = context.SSOClientContextData;
            var config = new AmazonSSOConfig { RegionEndpoint = data.Region };
            Configure(config, "AWS_ENDPOINT_URL_SSO", data.ProxySettings, env);
            return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
        });
        registry.RegisterSSOOIDCClient(context =>
        {
            var data = context.SSOOIDCClientContextData;
            var config = new AmazonSSOOIDCConfig { RegionEndpoint = data.Region };
            Configure(config, "AWS_ENDPOINT_URL_SSO_OIDC", data.ProxySettings, env);
            return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
        });
        return true;
    });

    /// <summary>Registers the clients (once; later calls do nothing).</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static void Configure(ClientConfig config, string endpointVariable, System.Net.IWebProxy? proxy, Func<string, string?> env)
    {
        if (AwsEndpointOverride.For(endpointVariable, env) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }

        if (proxy is not null)
        {
            config.SetWebProxy(proxy);
        }
    }
}
