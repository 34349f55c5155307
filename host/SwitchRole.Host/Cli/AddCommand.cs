using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole add</c>: adds an entry, or updates the one with the same account and role.</summary>
internal static class AddCommand
{
    public static Command Create(CliContext context)
    {
        var account = new Option<string>("--account") { Description = "Account id: 12 digits; dashes and spaces are removed", Required = true, HelpName = "ID" };
        var role = new Option<string>("--role") { Description = "IAM role name, optionally with its path (path/Name)", Required = true, HelpName = "NAME" };
        var name = new Option<string?>("--name") { Description = "Display name in the console (at most 64 characters; default 'role @ account')", HelpName = "TEXT" };
        var color = new Option<string?>("--color") { Description = "Colour: 6 hex digits, with or without #", HelpName = "HEX" };
        var region = new Option<string?>("--region") { Description = "Region to land in, like eu-west-1", HelpName = "CODE" };
        var group = new Option<string?>("--group") { Description = "Group to show the entry under", HelpName = "NAME" };
        var baseAccount = new Option<string?>("--base-account") { Description = "Only offer this entry while signed in to this account", HelpName = "ID" };
        var json = new Option<bool>("--json") { Description = "Print a JSON object: result (added, updated or unchanged) and role (the entry as stored, keys as in list --json)" };
        var command = new Command("add", "Add an entry, or update the one with the same account and role. Options not given keep their value; an empty\n--color, --region, --group or --base-account removes it.\n\nExamples:\n  switchrole add --account 1234-5678-9012 --role Admin\n  switchrole add --account 123456789012 --role ops/ReadOnly --name \"Prod read-only\" --color #1d8102 --region eu-west-1 --group prod\n  switchrole add --account 123456789012 --role ops/ReadOnly --color \"\"")
        {
            account, role, name, color, region, group, baseAccount, json,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var valid = RoleValidator.Validate(new RoleInput(
                parse.GetValue(account), parse.GetValue(role), parse.GetValue(name), parse.GetValue(color),
                parse.GetValue(region), parse.GetValue(baseAccount), parse.GetValue(group), Origins.Local), emptyClears: true);
            var store = RoleStore.Open(context.Paths);
            var result = store.Upsert([valid]);
            var entry = result.Roles[0];
            var verb = result.Added == 1 ? "Added" : result.Updated == 1 ? "Updated" : "Unchanged:";
            if (parse.GetValue(json))
            {
                var outcome = result.Added == 1 ? "added" : result.Updated == 1 ? "updated" : "unchanged";
                context.Out.WriteLine(JsonSerializer.Serialize(new AddResultDto(outcome, RoleDto.From(entry)), CliJsonContext.Default.AddResultDto));
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"{verb} {entry.DisplayName} ({entry.RoleName} in {entry.AccountId})");
            return ExitCodes.Success;
        }));
        return command;
    }
}
