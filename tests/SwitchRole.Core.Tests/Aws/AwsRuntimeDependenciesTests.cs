using Amazon;
using Amazon.Runtime.SharedInterfaces;
using Amazon.RuntimeDependencies;
using Amazon.SSO;
using Amazon.SSOOIDC;
using Amazon.SecurityToken;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

/// <summary>What the SDK's own providers get from the registry instead of loading a client by reflection (NativeAOT cannot).</summary>
public sealed class AwsRuntimeDependenciesTests
{
    [Fact]
    public void EnsureRegistered_SdkAsksForSsoAndOidcClients_GetsTypedClientsForTheRegionAsked()
    {
        AwsRuntimeDependencies.EnsureRegistered();
        var registry = GlobalRuntimeDependencyRegistry.Instance;

        var sso = registry.GetInstance<ICoreAmazonSSO>("AWSSDK.SSO", "Amazon.SSO.AmazonSSOClient",
            new CreateInstanceContext(new SSOClientContext { Region = RegionEndpoint.EUCentral1 }));
        var oidc = registry.GetInstance<ICoreAmazonSSOOIDC>("AWSSDK.SSOOIDC", "Amazon.SSOOIDC.AmazonSSOOIDCClient",
            new CreateInstanceContext(new SSOOIDCClientContext { Region = RegionEndpoint.EUCentral1 }));

        Assert.Equal(RegionEndpoint.EUCentral1, Assert.IsType<AmazonSSOClient>(sso).Config.RegionEndpoint);
        Assert.Equal(RegionEndpoint.EUCentral1, Assert.IsType<AmazonSSOOIDCClient>(oidc).Config.RegionEndpoint);
    }

    [Fact]
    public void EnsureRegistered_WebIdentityGetsAnStsClient_ButAssumeRoleWithSourceCredentialsIsNotServed()
    {
        AwsRuntimeDependencies.EnsureRegistered();
        var registry = GlobalRuntimeDependencyRegistry.Instance;

        var webIdentity = registry.GetInstance<ICoreAmazonSTS>("AWSSDK.SecurityToken", "Amazon.SecurityToken.AmazonSecurityTokenServiceClient",
            new CreateInstanceContext(new SecurityTokenServiceClientContext { Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleWithWebIdentityCredentials, Region = RegionEndpoint.EUWest1 }));
        var assumeRole = registry.GetInstance<ICoreAmazonSTS>("AWSSDK.SecurityToken", "Amazon.SecurityToken.AmazonSecurityTokenServiceClient",
            new CreateInstanceContext(new SecurityTokenServiceClientContext { Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials, Region = RegionEndpoint.EUWest1 }));

        Assert.Equal(RegionEndpoint.EUWest1, Assert.IsType<AmazonSecurityTokenServiceClient>(webIdentity).Config.RegionEndpoint);
        Assert.Null(assumeRole);
    }
}
