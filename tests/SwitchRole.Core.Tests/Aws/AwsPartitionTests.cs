using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class AwsPartitionTests
{
    [Theory]
    [InlineData("eu-west-1", "aws", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")]
    [InlineData("us-gov-west-1", "aws-us-gov", "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1")]
    [InlineData("cn-north-1", "aws-cn", "https://console.amazonaws.cn/console/home?region=cn-north-1")]
    [InlineData("eusc-de-east-1", "aws-eusc", "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1")]
    [InlineData(null, "aws", "https://console.aws.amazon.com/console/home")]
    public void ForRegion_Region_PicksPartitionAndConsoleDestination(string? region, string partition, string destination)
    {
        var result = AwsPartition.ForRegion(region);

        Assert.Equal(partition, result.Name);
        Assert.Equal(destination, result.ConsoleDestination(region).AbsoluteUri);
    }

    [Theory]
    [InlineData("eusc-de-east-1", "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation")]
    [InlineData("eusc-de-west-2", "https://eusc-de-west-2.signin.amazonaws-eusc.eu/federation")]
    public void ForRegion_EuropeanSovereignCloud_SignsInOnTheRegionalHost(string region, string federation)
    {
        var partition = AwsPartition.ForRegion(region);

        Assert.Equal(federation, partition.FederationEndpoint.AbsoluteUri);
        Assert.Equal($"arn:aws-eusc:iam::123456789012:role/Admin", partition.RoleArn("123456789012", "Admin"));
        Assert.Equal("amazonaws.eu", partition.DnsSuffix);
    }

    [Theory]
    [InlineData("eusc-de-east-1.evil.example")]
    [InlineData("eusc-de-east-1/x")]
    [InlineData("eusc-DE-east-1")]
    [InlineData("eusc-")]
    public void ForRegion_MalformedSovereignRegion_NeverReachesAHostName(string region)
    {
        var partition = AwsPartition.ForRegion(region);

        Assert.Equal("aws-eusc", partition.Name);
        Assert.Equal("https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation", partition.FederationEndpoint.AbsoluteUri);
        Assert.Equal("https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1", partition.ConsoleDestination(region).AbsoluteUri);
    }

    [Fact]
    public void ConsoleDestination_SovereignCloudWithoutRegion_LandsOnTheRegionalConsole()
    {
        // The European Sovereign Cloud has no global console host to land on.
        Assert.Equal("https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1", AwsPartition.FromName("aws-eusc")!.ConsoleDestination(null).AbsoluteUri);
    }

    [Fact]
    public void RoleArn_PathedRole_KeepsThePath()
    {
        Assert.Equal("arn:aws-us-gov:iam::123456789012:role/ops/Admin", AwsPartition.UsGov.RoleArn("123456789012", "ops/Admin"));
    }
}
