using System.Text.RegularExpressions;

namespace SwitchRole.Core.Model;

/// <summary>
/// The locations of the AWS source kinds, as stored and as typed:
/// <c>s3://bucket/key[?profile=P]</c> (a team file in a private bucket) and
/// <c>organizations:role=NAME[;profile=P][;group-by=ou]</c> (one entry per active account of the organization).
/// Neither holds a secret: the profile names where the person's own credentials come from at read time.
/// </summary>
public static partial class AwsSourceLocation
{
    public const string OrganizationsPrefix = "organizations:";

    /// <summary>Sources read over the network (URL, S3, Organizations): fetched on a schedule with a claim, not watched.</summary>
    public static bool IsRemote(this SourceKind kind) => kind != SourceKind.File;

    /// <summary>The kind's name as stored and shown: file, url, s3, organizations.</summary>
    public static string KindName(this SourceKind kind) => kind switch
    {
        SourceKind.Url => "url",
        SourceKind.S3 => "s3",
        SourceKind.Organizations => "organizations",
        _ => "file",
    };

    public static SourceKind ParseKindName(string? name) => name switch
    {
        "url" => SourceKind.Url,
        "s3" => SourceKind.S3,
        "organizations" => SourceKind.Organizations,
        _ => SourceKind.File,
    };

    /// <summary>An S3 or Organizations location, validated and in its stored form; false for anything else.</summary>
    /// <exception cref="ValidationException">It is one of these kinds, but malformed.</exception>
    public static bool TryParse(string text, string field, out SourceKind kind, out string location)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var s3 = ParseS3(text, field);
            (kind, location) = (SourceKind.S3, FormatS3(s3.Bucket, s3.Key, s3.Profile));
            return true;
        }

        if (text.StartsWith(OrganizationsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var org = ParseOrganizations(text, field);
            (kind, location) = (SourceKind.Organizations, FormatOrganizations(org.Role, org.Profile, org.GroupByOu));
            return true;
        }

        (kind, location) = (SourceKind.File, string.Empty);
        return false;
    }

    public static string FormatS3(string bucket, string key, string? profile) =>
        $"s3://{bucket}/{key}{(profile is null ? string.Empty : "?profile=" + profile)}";

    public static string FormatOrganizations(string role, string? profile, bool groupByOu) =>
        $"{OrganizationsPrefix}role={role}{(profile is null ? string.Empty : ";profile=" + profile)}{(groupByOu ? ";group-by=ou" : string.Empty)}";

    /// <summary><c>s3://bucket/key[?profile=P]</c>: a bucket name as S3 allows it, a key without <c>?</c>, <c>#</c> or <c>%</c>.</summary>
    public static (string Bucket, string Key, string? Profile) ParseS3(string text, string field = "location")
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.Trim()[5..];
        string? profile = null;
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var query = rest[(question + 1)..];
            rest = rest[..question];
            if (!query.StartsWith("profile=", StringComparison.Ordinal))
            {
                throw new ValidationException(field, "an s3:// location takes only ?profile=NAME after the key (use --profile)");
            }

            profile = NormalizeProfile(query["profile=".Length..], field);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!BucketName().IsMatch(bucket))
        {
            throw new ValidationException(field, $"'{RoleValidator.Printable(bucket)}' is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-'); write s3://BUCKET/KEY");
        }

        if (key.Length == 0 || key.EndsWith('/'))
        {
            throw new ValidationException(field, $"s3://{bucket}/ needs the key of a file after the bucket, like s3://{bucket}/roles.json");
        }

        if (key.Length > 1024 || key.Any(c => char.IsControl(c) || c is '#' or '%'))
        {
            throw new ValidationException(field, "the S3 key must be at most 1024 characters, without control characters, '#' or '%'");
        }

        return (bucket, key, profile);
    }

    /// <summary><c>organizations:role=NAME[;profile=P][;group-by=ou]</c>.</summary>
    public static (string Role, string? Profile, bool GroupByOu) ParseOrganizations(string text, string field = "location")
    {
        ArgumentNullException.ThrowIfNull(text);
        string? role = null;
        string? profile = null;
        var groupByOu = false;
        foreach (var part in text.Trim()[OrganizationsPrefix.Length..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq < 0 ? (part, string.Empty) : (part[..eq], part[(eq + 1)..]);
            switch (name)
            {
                case "role":
                    role = RoleValidator.NormalizeRoleName(value, "--role");
                    break;
                case "profile":
                    profile = NormalizeProfile(value, field);
                    break;
                case "group-by" when value == "ou":
                    groupByOu = true;
                    break;
                default:
                    throw new ValidationException(field, $"'{RoleValidator.Printable(part)}' is not part of an Organizations source (role=NAME;profile=P;group-by=ou)");
            }
        }

        return role is null
            ? throw new ValidationException("--role", "is required for an Organizations source: the role to switch to in every account")
            : (role, profile, groupByOu);
    }

    /// <summary>An AWS profile name: the characters the AWS CLI accepts in practice, no spaces or separators used here.</summary>
    public static string NormalizeProfile(string? value, string field = "--profile")
    {
        var profile = value?.Trim() ?? string.Empty;
        return ProfileName().IsMatch(profile)
            ? profile
            : throw new ValidationException(field, $"'{RoleValidator.Printable(profile)}' is not a profile name (1 to 64 letters, digits, '.', '_', '-', '@' or '+')");
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z")]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^[A-Za-z0-9._@+-]{1,64}\z")]
    private static partial Regex ProfileName();
}
