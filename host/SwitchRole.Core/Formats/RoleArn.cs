using System.Text.RegularExpressions;

namespace SwitchRole.Core.Formats;

/// <summary>An IAM role ARN: <c>arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;path/&gt;&lt;name&gt;</c>.</summary>
internal sealed partial record RoleArn(string Partition, string AccountId, string RoleName)
{
    /// <summary>Partitions with a console: commercial, GovCloud, China, the ISO regions and the EU sovereign cloud.</summary>
    public static readonly IReadOnlySet<string> Partitions = new HashSet<string>(StringComparer.Ordinal)
    {
        "aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    };

    /// <summary>Parses <paramref name="value"/>; the role name keeps its path (<c>ops/Admin</c>) and is validated later.</summary>
    public static RoleArn? TryParse(string value, out string reason)
    {
        var match = Pattern().Match(value.Trim());
        if (!match.Success)
        {
            reason = "is not an IAM role ARN like arn:aws:iam::123456789012:role/Name";
            return null;
        }

        var partition = match.Groups["partition"].Value;
        if (!Partitions.Contains(partition))
        {
            reason = $"has the unknown partition '{partition}' (expected aws, aws-us-gov or aws-cn)";
            return null;
        }

        reason = "";
        return new RoleArn(partition, match.Groups["account"].Value, match.Groups["role"].Value);
    }

    [GeneratedRegex(@"^arn:(?<partition>[a-z0-9-]+):iam::(?<account>[^:]*):role/(?<role>.+)$")]
    private static partial Regex Pattern();
}
