namespace SwitchRole.Network.Aws;

/// <summary>
/// The AWS partition a region belongs to, and the hosts and ARN prefix that go with it. The public partitions
/// (commercial, GovCloud, China and the European Sovereign Cloud) have a federation sign-in endpoint and a console;
/// the ISO ones have neither, and regions of theirs are treated as commercial, as before.
/// </summary>
/// <param name="Name">The ARN partition: aws, aws-us-gov, aws-cn, aws-eusc.</param>
/// <param name="ConsoleHost">The console host, without a region.</param>
/// <param name="SigninHost">Where federation sign-in requests go.</param>
/// <param name="LogoutHost">Where the logout page that redirects on is served.</param>
/// <param name="DefaultRegion">The region used where one is needed and none is given.</param>
/// <param name="DnsSuffix">What the partition's API hosts end in: <c>sts.{region}.{DnsSuffix}</c>.</param>
/// <param name="ConsoleRegions">How its console takes a region.</param>
public sealed record AwsPartition(
    string Name, string ConsoleHost, string SigninHost, string LogoutHost, string DefaultRegion, string DnsSuffix, ConsoleRegionStyle ConsoleRegions)
{
    public static readonly AwsPartition Aws = new("aws", "console.aws.amazon.com", "signin.aws.amazon.com", "us-east-1.signin.aws.amazon.com", "us-east-1", "amazonaws.com", ConsoleRegionStyle.HostPrefix);

    public static readonly AwsPartition UsGov = new("aws-us-gov", "console.amazonaws-us-gov.com", "signin.amazonaws-us-gov.com", "signin.amazonaws-us-gov.com", "us-gov-west-1", "amazonaws.com", ConsoleRegionStyle.Query);

    public static readonly AwsPartition China = new("aws-cn", "console.amazonaws.cn", "signin.amazonaws.cn", "signin.amazonaws.cn", "cn-north-1", "amazonaws.com.cn", ConsoleRegionStyle.Query);

    /// <summary>
    /// The AWS European Sovereign Cloud in its first region. Its sign-in service is regional only: the bare
    /// signin.amazonaws-eusc.eu does not serve the console's requests (AESR #407, #412), and AWS's own endpoint rules
    /// name <c>{region}.signin.amazonaws-eusc.eu</c>. <see cref="ForRegion"/> gives the instance for another eusc- region.
    /// </summary>
    public static readonly AwsPartition Eusc = EuscIn("eusc-de-east-1");

    /// <summary>The name of the European Sovereign Cloud partition, whatever the region of the instance.</summary>
    public const string EuscName = "aws-eusc";

    /// <summary>The partition of <paramref name="region"/>; <see cref="Aws"/> when there is no region.</summary>
    public static AwsPartition ForRegion(string? region) => region switch
    {
        null or "" => Aws,
        _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => UsGov,
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => China,
        // The region becomes part of a host name: only a region of the documented shape does (eusc-de-east-1).
        _ when region.StartsWith("eusc-", StringComparison.Ordinal) => IsEuscRegion(region) ? EuscIn(region) : Eusc,
        _ => Aws,
    };

    /// <summary>The partition named <paramref name="name"/> (aws, aws-us-gov, aws-cn, aws-eusc), or null.</summary>
    public static AwsPartition? FromName(string? name) => name switch
    {
        "aws" => Aws,
        "aws-us-gov" => UsGov,
        "aws-cn" => China,
        EuscName => Eusc,
        _ => null,
    };

    private static AwsPartition EuscIn(string region) =>
        new(EuscName, "console.amazonaws-eusc.eu", $"{region}.signin.amazonaws-eusc.eu", $"{region}.signin.amazonaws-eusc.eu", region, "amazonaws.eu", ConsoleRegionStyle.HostPrefixOnly);

    private static bool IsEuscRegion(string region)
    {
        // eusc-<2 letters>-<word>-<number>, lower case: eusc-de-east-1.
        var parts = region.Split('-');
        return region.Length <= 32
            && parts.Length == 4
            && parts[0] == "eusc"
            && parts[1].Length == 2 && parts[1].All(char.IsAsciiLetterLower)
            && parts[2].Length is > 0 and <= 12 && parts[2].All(char.IsAsciiLetterLower)
            && parts[3].Length is > 0 and <= 2 && parts[3].All(char.IsAsciiDigit);
    }

    /// <summary><c>https://signin.aws.amazon.com/federation</c> and its GovCloud, China and European Sovereign Cloud twins.</summary>
    public Uri FederationEndpoint => new($"https://{SigninHost}/federation");

    /// <summary>The logout page that redirects on; AWS serves it reliably only on us-east-1 in the aws partition.</summary>
    public Uri LogoutEndpoint => new($"https://{LogoutHost}/oauth");

    /// <summary>The role's ARN: <c>arn:aws:iam::123456789012:role/path/Name</c>.</summary>
    public string RoleArn(string accountId, string roleName) => $"arn:{Name}:iam::{accountId}:role/{roleName}";

    /// <summary>The account's root principal, as trust policies name it.</summary>
    public string AccountRootArn(string accountId) => $"arn:{Name}:iam::{accountId}:root";

    /// <summary>A region of this partition that its hosts may name: <see cref="ForRegion"/> gives an instance for exactly it.</summary>
    private bool IsOwnRegion(string? region) => region is not null && ForRegion(region) is var own && own.Name == Name && own.DefaultRegion == region;

    /// <summary>The console home page, in <paramref name="region"/> when given.</summary>
    public Uri ConsoleDestination(string? region)
    {
        // No global console to fall back on: a region of this partition's own shape, else the instance's region.
        if (ConsoleRegions == ConsoleRegionStyle.HostPrefixOnly && !IsOwnRegion(region))
        {
            region = DefaultRegion;
        }

        if (string.IsNullOrEmpty(region))
        {
            return new Uri($"https://{ConsoleHost}/console/home");
        }

        var host = ConsoleRegions == ConsoleRegionStyle.Query ? ConsoleHost : $"{region}.{ConsoleHost}";
        return new Uri($"https://{host}/console/home?region={Uri.EscapeDataString(region)}");
    }
}

/// <summary>How a partition's console takes a region.</summary>
public enum ConsoleRegionStyle
{
    /// <summary>One console host, the region in the query (GovCloud, China).</summary>
    Query,

    /// <summary>Region-prefixed hosts (<c>eu-west-1.console.aws.amazon.com</c>), and a global one without a region.</summary>
    HostPrefix,

    /// <summary>Region-prefixed hosts only (the European Sovereign Cloud): no region means the partition's own.</summary>
    HostPrefixOnly,
}
