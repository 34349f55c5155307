namespace SwitchRole.Network.Aws;

/// <summary>
/// The AWS partition a region belongs to, and the hosts and ARN prefix that go with it.
/// Only the three public partitions have a federation sign-in endpoint and a console.
/// </summary>
public sealed record AwsPartition(string Name, string ConsoleHost, string SigninHost, string LogoutHost, string DefaultRegion)
{
    public static readonly AwsPartition Aws = new("aws", "console.aws.amazon.com", "signin.aws.amazon.com", "us-east-1.signin.aws.amazon.com", "us-east-1");

    public static readonly AwsPartition UsGov = new("aws-us-gov", "console.amazonaws-us-gov.com", "signin.amazonaws-us-gov.com", "signin.amazonaws-us-gov.com", "us-gov-west-1");

    public static readonly AwsPartition China = new("aws-cn", "console.amazonaws.cn", "signin.amazonaws.cn", "signin.amazonaws.cn", "cn-north-1");

    /// <summary>The partition of <paramref name="region"/>; <see cref="Aws"/> when there is no region.</summary>
    public static AwsPartition ForRegion(string? region) => region switch
    {
        null or "" => Aws,
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => UsGov,
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => China,
        _ => Aws,
    };

    /// <summary>The partition named <paramref name="name"/> (aws, aws-us-gov, aws-cn), or null.</summary>
    public static AwsPartition? FromName(string? name) => name switch
    {
        "aws" => Aws,
        "aws-us-gov" => UsGov,
        "aws-cn" => China,
        _ => null,
    };

    /// <summary><c>https://signin.aws.amazon.com/federation</c> and its GovCloud and China twins.</summary>
    public Uri FederationEndpoint => new($"https://{SigninHost}/federation");

    /// <summary>The logout page that redirects on; AWS serves it reliably only on us-east-1 in the aws partition.</summary>
    public Uri LogoutEndpoint => new($"https://{LogoutHost}/oauth");

    /// <summary>The role's ARN: <c>arn:aws:iam::123456789012:role/path/Name</c>.</summary>
    public string RoleArn(string accountId, string roleName) => $"arn:{Name}:iam::{accountId}:role/{roleName}";

    /// <summary>The account's root principal, as trust policies name it.</summary>
    public string AccountRootArn(string accountId) => $"arn:{Name}:iam::{accountId}:root";

    /// <summary>The console home page, in <paramref name="region"/> when given.</summary>
    public Uri ConsoleDestination(string? region)
    {
        if (string.IsNullOrEmpty(region))
        {
            return new Uri($"https://{ConsoleHost}/console/home");
        }

        // The aws partition serves region-prefixed console hosts; the others take only the query parameter.
        var host = this == Aws ? $"{region}.{ConsoleHost}" : ConsoleHost;
        return new Uri($"https://{host}/console/home?region={Uri.EscapeDataString(region)}");
    }
}
