using System.CommandLine;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Sources;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole discover organizations|sso</c>: the catalogue from AWS itself.</summary>
internal static class DiscoverCommand
{
    public static Command Create(CliContext context) => new("discover", """
        Find accounts and roles in AWS itself: every account of your organization (AWS Organizations), or the
        accounts and permission sets IAM Identity Center gives you.

        Examples:
          switchrole discover organizations --role OrganizationAccountAccessRole --profile management --dry-run
          switchrole discover organizations --role ReadOnly --group-by ou
          switchrole discover sso --sso-session corp
        """)
    {
        Organizations(context), DiscoverSsoCommand.Create(context),
    };

    private static Command Organizations(CliContext context)
    {
        var role = new Option<string>("--role") { Description = "The role to switch to in every account (it must exist there and trust your base account)", HelpName = "NAME", Required = true };
        var profile = AwsCommandSupport.ProfileOption();
        var groupBy = new Option<string?>("--group-by") { Description = "'ou': put each entry in its organizational-unit path as group (Prod/Payments)", HelpName = "ou" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and write nothing" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (the same keys as import --json)" };
        var command = new Command("organizations", """
            Add one entry per active account of your AWS organization (ListAccounts, every page), with the role
            --role, named after the account. Suspended, closing and closed accounts are skipped. The same rules and
            report as import: all or nothing, and a second run changes nothing. To keep the list in step with the
            organization, add it as a source instead: switchrole source add org --organizations --role NAME.
            Needs organizations:ListAccounts (and ListParents, DescribeOrganizationalUnit for --group-by ou), in the
            management account or a delegated administrator account.
            """)
        {
            role, profile, groupBy, dryRun, json,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "discover organizations", async log =>
        {
            var roleName = RoleValidator.NormalizeRoleName(parse.GetValue(role), "--role");
            var grouped = parse.GetValue(groupBy) switch
            {
                null => false,
                "ou" => true,
                var other => throw new ValidationException("--group-by", $"must be 'ou'; got '{RoleValidator.Printable(other)}'"),
            };
            var options = new StsGatewayOptions
            {
                Profile = string.IsNullOrWhiteSpace(parse.GetValue(profile)) ? null : parse.GetValue(profile)!.Trim(),
                MfaCodePrompt = device => AwsCommandSupport.AskMfaCode(context, device),
                GetEnvironmentVariable = context.GetEnvironmentVariable,
            };
            var document = await OrganizationsSourceReader.ReadAsync(roleName, grouped, options, cancellationToken).ConfigureAwait(false);
            const string name = "AWS Organizations";
            var parsed = RoleImporter.Parse(document, ImportFormat.Json, new ImportOptions(name));
            log.Information("discover organizations: {Count} active accounts", parsed.Entries.Count);
            return Report.Import(context, parsed, name, parse.GetValue(dryRun), parse.GetValue(json), restore: false);
        }));
        return command;
    }
}
