using System.CommandLine;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole policy</c>: the trust policy and the narrow sts:AssumeRole policy a switch-role setup needs.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var baseAccount = new Option<string>("--base-account") { Description = "The account people sign in to (where the group lives)", Required = true, HelpName = "ID" };
        var role = new Option<string>("--role") { Description = "The role name (with optional path) in each target account", Required = true, HelpName = "NAME" };
        var targets = new Option<string[]>("--target-account")
        {
            Description = "A target account holding the role; repeat for several (default: the stored entries with this role name)",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = true,
        };
        var mfa = new Option<bool>("--mfa") { Description = "Require MFA in the trust policy (aws:MultiFactorAuthPresent)" };
        var externalId = new Option<string?>("--external-id") { Description = "Require this external id in the trust policy (sts:ExternalId)", HelpName = "ID" };
        var partition = new Option<string?>("--partition") { Description = "aws (default), aws-us-gov, aws-cn or aws-eusc", HelpName = "NAME" };
        var only = new Option<string?>("--only") { Description = "Print just one policy as bare JSON: trust or base", HelpName = "WHICH" };
        only.AcceptOnlyFromAmong("trust", "base");
        var command = new Command("policy", """
            Print the target role's trust policy and the base account's least-privilege policy (sts:AssumeRole on
            exactly the listed role ARNs), as JSON ready to paste into the IAM console.

            Examples:
              switchrole policy --base-account 111111111111 --role Admin --target-account 222222222222 --target-account 333333333333
              switchrole policy --base-account 111111111111 --role ops/ReadOnly --mfa
              switchrole policy --base-account 111111111111 --role Admin --target-account 222222222222 --only trust > trust.json
            """)
        {
            baseAccount, role, targets, mfa, externalId, partition, only,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var baseId = RoleValidator.NormalizeAccountId(parse.GetValue(baseAccount), "--base-account");
            var roleName = RoleValidator.NormalizeRoleName(parse.GetValue(role), "--role");
            var external = parse.GetValue(externalId) is { } id ? PolicyDocuments.NormalizeExternalId(id, "--external-id") : null;
            var part = parse.GetValue(partition) is { } p
                ? AwsPartition.FromName(p.Trim().ToLowerInvariant()) ?? throw new ValidationException("--partition", $"must be aws, aws-us-gov, aws-cn or aws-eusc, got '{RoleValidator.Printable(p)}'")
                : AwsPartition.Aws;
            var accounts = (parse.GetValue(targets) ?? []).Select(a => RoleValidator.NormalizeAccountId(a, "--target-account")).ToList();
            var fromStore = false;
            if (accounts.Count == 0 && File.Exists(context.Paths.DatabasePath))
            {
                accounts = [.. RoleStore.Open(context.Paths).List().Roles
                    .Where(r => r.RoleName == roleName && (r.BaseAccountId is null || r.BaseAccountId == baseId) && r.AccountId != baseId)
                    .Select(r => r.AccountId)];
                fromStore = accounts.Count > 0;
            }

            var which = parse.GetValue(only);
            var trust = PolicyDocuments.TrustPolicy(part, baseId, parse.GetValue(mfa), external);
            if (which == "trust")
            {
                context.Out.WriteLine(trust);
                return ExitCodes.Success;
            }

            if (accounts.Count == 0 && which == "base")
            {
                throw new ValidationException("--target-account", $"is required: no stored entry has the role {roleName}");
            }

            var arns = accounts.Select(a => part.RoleArn(a, roleName)).ToList();
            if (which == "base")
            {
                context.Out.WriteLine(PolicyDocuments.AssumeRolePolicy(arns));
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"# 1. In each target account ({(accounts.Count == 0 ? "every account with the role" : string.Join(", ", accounts.Distinct()))}): IAM > Roles > {RoleValidator.RoleNameWithoutPath(roleName)} > Trust relationships > Edit trust policy:");
            context.Out.WriteLine(trust);
            context.Out.WriteLine();
            if (accounts.Count == 0)
            {
                context.Out.WriteLine($"# 2. In the base account {baseId}: pass --target-account (once per account) to get the policy that allows sts:AssumeRole on exactly those roles.");
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"# 2. In the base account {baseId}: IAM > User groups > (the group whose members may switch) > Permissions > Create inline policy > JSON{(fromStore ? " (roles taken from your stored entries)" : "")}:");
            context.Out.WriteLine(PolicyDocuments.AssumeRolePolicy(arns));
            return ExitCodes.Success;
        }));
        return command;
    }
}
