using System.CommandLine;
using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Sources;

namespace SwitchRole.Host.Cli;

/// <summary>The options of <c>source add</c> for the AWS kinds: <c>--organizations --role R [--group-by ou]</c> and <c>--profile</c> (S3 and Organizations).</summary>
internal sealed class AwsSourceOptions
{
    private readonly Option<bool> organizations = new("--organizations") { Description = "An AWS Organizations source: one entry per active account, with --role (no PATH|URL)" };
    private readonly Option<string?> role = new("--role") { Description = "Organizations sources: the role to switch to in every account", HelpName = "NAME" };
    private readonly Option<string?> groupBy = new("--group-by") { Description = "Organizations sources: 'ou' puts each entry in its organizational-unit path as group", HelpName = "ou" };
    private readonly Option<string?> profile = new("--profile") { Description = "S3 and Organizations sources: the AWS profile whose credentials read it (default: AWS_PROFILE, then the SDK's default chain)", HelpName = "NAME" };

    /// <summary>Options for the fetcher in CLI mode: the AWS chain with the CLI's environment.</summary>
    public static SourceFetchOptions FetchOptions(CliContext context) => new()
    {
        Aws = new StsGatewayOptions { GetEnvironmentVariable = context.GetEnvironmentVariable, MaxAttempts = 3 },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(organizations);
        command.Options.Add(role);
        command.Options.Add(groupBy);
        command.Options.Add(profile);
    }

    /// <summary>The location to store and its format, from the argument and the AWS options.</summary>
    public (string? Location, string? Format) Location(ParseResult parse, string? location, string? format)
    {
        var profileName = parse.GetValue(profile) is { } p ? AwsSourceLocation.NormalizeProfile(p) : null;
        if (parse.GetValue(organizations))
        {
            if (location is not null)
            {
                throw new ValidationException("PATH|URL", "an --organizations source has no path or URL: it reads the organization your --profile belongs to");
            }

            var roleName = RoleValidator.NormalizeRoleName(parse.GetValue(role) ?? throw new ValidationException("--role", "is required with --organizations: the role to switch to in every account"), "--role");
            return (AwsSourceLocation.FormatOrganizations(roleName, profileName, GroupByOu(parse)), "json");
        }

        if (parse.GetValue(role) is not null || parse.GetValue(groupBy) is not null)
        {
            throw new ValidationException(parse.GetValue(role) is not null ? "--role" : "--group-by", "goes with --organizations only");
        }

        if (location is null)
        {
            throw new ValidationException("PATH|URL", "is required (a file path, an https:// URL or s3://BUCKET/KEY), or use --organizations --role NAME");
        }

        if (location.Trim().StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var (bucket, key, inline) = AwsSourceLocation.ParseS3(location, "PATH|URL");
            return (AwsSourceLocation.FormatS3(bucket, key, profileName ?? inline), format);
        }

        return profileName is null
            ? (location, format)
            : throw new ValidationException("--profile", "goes with s3:// and --organizations sources only");
    }

    private bool GroupByOu(ParseResult parse) => parse.GetValue(groupBy) switch
    {
        null => false,
        "ou" => true,
        var other => throw new ValidationException("--group-by", $"must be 'ou'; got '{RoleValidator.Printable(other)}'"),
    };
}
