using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole remove</c>: deletes an entry (kept as a tombstone so imports do not bring it back).</summary>
internal static class RemoveCommand
{
    public static Command Create(CliContext context)
    {
        var account = new Option<string>("--account") { Description = "Account id of the entry", Required = true, HelpName = "ID" };
        var role = new Option<string>("--role") { Description = "Role name of the entry", Required = true, HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print a JSON object: result (removed), accountId, roleName. An entry that does not exist prints nothing and exits 4" };
        var command = new Command("remove", "Remove an entry.\n\nExample:\n  switchrole remove --account 123456789012 --role Admin") { account, role, json };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var key = new RoleKey(RoleValidator.NormalizeAccountId(parse.GetValue(account)), RoleValidator.NormalizeRoleName(parse.GetValue(role)));
            var store = RoleStore.Open(context.Paths);
            if (!store.Delete(key).Deleted)
            {
                context.Error.WriteLine($"switchrole: no entry for account {key.AccountId} and role {key.RoleName}");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new RemoveResultDto("removed", key.AccountId, key.RoleName), CliJsonContext.Default.RemoveResultDto));
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Removed {key.RoleName} in {key.AccountId}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
