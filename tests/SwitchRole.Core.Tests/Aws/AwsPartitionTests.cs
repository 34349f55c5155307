using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class AwsPartitionTests
{
    [Theory]
    [InlineData("eu-west-1", "aws", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")]
    [InlineData("us-gov-west-1", "aws-us-gov", "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1")]
    [InlineData("cn-north-1", "aws-cn", "https://console.amazonaws.cn/console/home?region=cn-north-1")]
    [InlineData(null, "aws", "https://console.aws.amazon.com/console/home")]
    public void ForRegion_Region_PicksPartitionAndConsoleDestination(string? region, string partition, string destination)
    {
        var result = AwsPartition.ForRegion(region);

        Assert.Equal(partition, result.Name);
        Assert.Equal(destination, result.ConsoleDestination(region).AbsoluteUri);
    }

    [Fact]
    public void RoleArn_PathedRole_KeepsThePath()
    {
        Assert.Equal("arn:aws-us-gov:iam::123456789012:role/ops/Admin", AwsPartition.UsGov.RoleArn("123456789012", "ops/Admin"));
    }
}
