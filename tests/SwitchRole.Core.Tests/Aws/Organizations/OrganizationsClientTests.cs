using SwitchRole.Network.Aws.Organizations;

namespace SwitchRole.Core.Tests.Aws.Organizations;

public sealed class OrganizationsClientTests
{
    [Theory]
    [InlineData("eu-west-1", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    [InlineData(null, "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    [InlineData("us-gov-east-1", "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
    [InlineData("cn-north-1", "https://organizations.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1")]
    [InlineData("eusc-de-east-1", "https://organizations.eusc-de-east-1.amazonaws.eu/", "eusc-de-east-1")]
    public void EndpointFor_Region_ThePartitionsOrganizationsEndpointAndSigningRegion(string? region, string endpoint, string signingRegion)
    {
        var (url, signing) = OrganizationsClient.EndpointFor(region, _ => null);

        Assert.Equal(endpoint, url.AbsoluteUri);
        Assert.Equal(signingRegion, signing);
    }

    [Fact]
    public void EndpointFor_OverrideSet_WinsOverThePartition()
    {
        var (url, _) = OrganizationsClient.EndpointFor("eusc-de-east-1", n => n == OrganizationsClient.EndpointVariable ? "http://127.0.0.1:4566" : null);

        Assert.Equal("http://127.0.0.1:4566/", url.AbsoluteUri);
    }
}
