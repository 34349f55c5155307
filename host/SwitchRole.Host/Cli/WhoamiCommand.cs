using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole whoami</c>: GetCallerIdentity with the standard credential chain.</summary>
/// <remarks>
/// It never prompts: when entries lack a base account it prints the command that records this one
/// (<c>--save-base</c>), so scripts and pipes behave the same as terminals.
/// </remarks>
internal static class WhoamiCommand
{
    public static Command Create(CliContext context)
    {
        var profile = AwsCommandSupport.ProfileOption();
        var region = AwsCommandSupport.RegionOption("Region to call STS in (default: AWS_REGION, the profile's region, then us-east-1)");
        var json = new Option<bool>("--json") { Description = "Print a JSON object (keys: account, arn, userId, partition, assumedRole)" };
        var saveBase = new Option<bool>("--save-base") { Description = "Record this account as the base account of every entry that has none" };
        var command = new Command("whoami", "Show the AWS account, ARN and user id your credentials belong to.\n\nExamples:\n  switchrole whoami\n  switchrole whoami --profile work --json\n  switchrole whoami --save-base")
        {
            profile, region, json, saveBase,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "whoami", async log =>
        {
            using var sts = AwsCommandSupport.CreateGateway(context, parse.GetValue(profile), parse.GetValue(region));
            var identity = await sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
            log.Information("whoami: account {Account}", identity.Account);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(WhoamiDto.From(identity), AwsJsonContext.Default.WhoamiDto));
            }
            else
            {
                context.Out.WriteLine($"Account: {identity.Account}");
                context.Out.WriteLine($"ARN:     {identity.Arn}");
                context.Out.WriteLine($"User id: {identity.UserId}");
            }

            if (!File.Exists(context.Paths.DatabasePath) && !parse.GetValue(saveBase))
            {
                return ExitCodes.Success;
            }

            var store = RoleStore.Open(context.Paths);
            var withoutBase = store.List().Roles.Where(r => r.BaseAccountId is null && r.AccountId != identity.Account).ToList();
            if (parse.GetValue(saveBase))
            {
                if (withoutBase.Count > 0)
                {
                    store.Upsert([.. withoutBase.Select(r => RoleValidator.Validate(new RoleInput(r.AccountId, r.RoleName, BaseAccountId: identity.Account)) with { DisplayNameGiven = false })]);
                }

                context.Error.WriteLine($"Recorded {identity.Account} as the base account of {withoutBase.Count} {(withoutBase.Count == 1 ? "entry" : "entries")}.");
            }
            else if (withoutBase.Count > 0)
            {
                context.Error.WriteLine($"{withoutBase.Count} {(withoutBase.Count == 1 ? "entry has" : "entries have")} no base account. To record {identity.Account} for them: switchrole whoami{(parse.GetValue(profile) is { } p ? $" --profile {p}" : "")} --save-base");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
