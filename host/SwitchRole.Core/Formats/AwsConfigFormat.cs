using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// The AWS CLI's <c>~/.aws/config</c>: every profile with a <c>role_arn</c> becomes an entry (account and role from the
/// ARN, region from <c>region</c>, display name from the profile name). A <c>source_profile</c> gives the base account
/// when the source's account is known (its own <c>role_arn</c>, <c>sso_account_id</c> or <c>aws_account_id</c>).
/// <c>[default]</c>, <c>[sso-session]</c>, <c>[services]</c> and profiles without a role are skipped with the reason.
/// Credentials are never read into anything.
/// </summary>
public static class AwsConfigFormat
{
    /// <summary>Firefox container colours (Granted's <c>granted_color</c>) as hex.</summary>
    private static readonly Dictionary<string, string> GrantedColors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["blue"] = "37adff",
        ["turquoise"] = "00c79a",
        ["green"] = "51cd00",
        ["yellow"] = "ffcb00",
        ["orange"] = "ff9f00",
        ["red"] = "ff613d",
        ["pink"] = "ff4bda",
        ["purple"] = "af51f5",
    };

    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.AwsConfig, options);
        var sections = IniReader.Read(text, collector, nested: true);
        var profiles = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var kind = SectionKind(section);
            if (kind is null)
            {
                profiles[section.Name] = section;
                continue;
            }

            collector.Skip(section.Location, section.Header, kind.Value.Kind, kind.Value.Reason);
        }

        foreach (var profile in profiles.Values)
        {
            var arnValue = profile.GetLocated("role_arn");
            var source = profile.GetLocated("source_profile");
            Located? baseAccount = null;
            var sourceOk = true;
            if (source is not null)
            {
                sourceOk = ResolveSource(profile, source, profiles, collector, out baseAccount);
            }

            if (profile.Broken)
            {
                continue;
            }

            if (arnValue is null)
            {
                collector.Skip(profile.Location, profile.Name, "no role_arn", SkipReason(profile));
                continue;
            }

            var arn = RoleArn.TryParse(arnValue.Value, out var reason);
            if (arn is null)
            {
                collector.Error(arnValue.Location, "role_arn", reason);
                continue;
            }

            if (!sourceOk)
            {
                continue;
            }

            var color = profile.GetLocated("color");
            if (color is null && profile.GetLocated("granted_color") is { } granted)
            {
                color = GrantedColors.TryGetValue(granted.Value, out var hex) ? granted with { Value = hex } : granted;
            }

            var raw = new RawEntry(profile.Name, profile.Location)
            {
                AccountId = new Located(arn.AccountId, "role_arn", arnValue.Location),
                RoleName = new Located(arn.RoleName, "role_arn", arnValue.Location),
                DisplayName = new Located(profile.Name, $"[{profile.Header}]", profile.Location),
                Color = color,
                Region = profile.GetLocated("region"),
                BaseAccountId = baseAccount,
                Group = profile.GetLocated("group"),
                AccountField = "role_arn",
                RoleField = "role_arn",
            };
            if (EntryBuilder.Build(raw, collector) is { } entry)
            {
                collector.Add(entry);
            }
        }

        return collector.Build();
    }

    /// <summary>Non-profile sections and [default], with the reason they are not entries.</summary>
    private static (string Kind, string Reason)? SectionKind(IniSection section)
    {
        var header = section.Header;
        if (header.Equals("default", StringComparison.OrdinalIgnoreCase) || section.Name.Equals("default", StringComparison.Ordinal))
        {
            return ("default profile", "the default profile holds the credentials roles are assumed from; it has no name to show");
        }

        if (header.StartsWith("sso-session ", StringComparison.OrdinalIgnoreCase))
        {
            return ("sso-session", "an IAM Identity Center session definition, not a profile");
        }

        if (header.StartsWith("services ", StringComparison.OrdinalIgnoreCase))
        {
            return ("services", "a service endpoint definition, not a profile");
        }

        if (header.StartsWith("plugins", StringComparison.OrdinalIgnoreCase) || header.StartsWith("preview", StringComparison.OrdinalIgnoreCase))
        {
            return ("cli settings", "AWS CLI settings, not a profile");
        }

        return null;
    }

    private static string SkipReason(IniSection profile)
    {
        if (profile.Get("sso_account_id") is not null || profile.Get("sso_session") is not null || profile.Get("sso_start_url") is not null)
        {
            return "an IAM Identity Center profile (no role_arn): open it from the access portal";
        }

        if (profile.Get("aws_access_key_id") is not null || profile.Get("credential_process") is not null || profile.Get("web_identity_token_file") is not null)
        {
            return "a credentials-only profile (no role_arn)";
        }

        return "no role_arn, so no role to switch to";
    }

    /// <summary>Follows source_profile; the base account is the source's account when it is known.</summary>
    private static bool ResolveSource(IniSection profile, Located source, Dictionary<string, IniSection> profiles, ImportCollector collector, out Located? baseAccount)
    {
        baseAccount = null;
        if (!profiles.TryGetValue(source.Value, out var parent))
        {
            // Unlike AESR, a real config often names a profile that lives in ~/.aws/credentials (or [default]).
            if (!source.Value.Equals("default", StringComparison.Ordinal))
            {
                collector.Warn(source.Location, "source_profile",
                    $"profile '{RoleValidator.Printable(source.Value)}' is not in this file (it may be in ~/.aws/credentials); [{profile.Header}] is imported without a base account");
            }

            return true;
        }

        var seen = new List<string> { profile.Name };
        var current = parent;
        while (true)
        {
            seen.Add(current.Name);
            if (current.Name == profile.Name || seen.Count(n => n == current.Name) > 1)
            {
                collector.Error(source.Location, "source_profile", $"cyclic source_profile: {string.Join(" -> ", seen)}");
                return false;
            }

            if (current.Get("source_profile") is not { } next || !profiles.TryGetValue(next, out var nextProfile))
            {
                break;
            }

            current = nextProfile;
        }

        if (parent.GetLocated("role_arn") is { } arn && RoleArn.TryParse(arn.Value, out _) is { } parsed)
        {
            baseAccount = new Located(parsed.AccountId, "source_profile", source.Location);
        }
        else if ((parent.GetLocated("sso_account_id") ?? parent.GetLocated("aws_account_id")) is { } id && !AesrFormat.AccountAlias(id.Value))
        {
            baseAccount = new Located(id.Value, "source_profile", source.Location);
        }

        return true;
    }
}
