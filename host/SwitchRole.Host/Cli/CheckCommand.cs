using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole check</c>: AssumeRole per entry, to find typos and broken trust before the console does.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var profile = AwsCommandSupport.ProfileOption();
        var region = AwsCommandSupport.RegionOption("Region to call STS in; also picks the partition (aws, aws-us-gov, aws-cn)");
        var account = new Option<string?>("--account") { Description = "Account id of the role to check", HelpName = "ID" };
        var role = new Option<string?>("--role") { Description = "Role name (with optional path) to check", HelpName = "NAME" };
        var all = new Option<bool>("--all") { Description = "Check every stored entry" };
        var json = new Option<bool>("--json") { Description = "Print a JSON object (keys: total, assumable, results[accountId, roleName, roleArn, status, message, awsErrorCode])" };
        var command = new Command("check", """
            Try to assume each role (15-minute session, session name switchrole-check-<user>) and report:
            assumable, denied-by-trust-policy, denied-by-caller-policy, denied, not-found, mfa-required,
            throttled or error. At most 4 calls at once; the credentials obtained are dropped at once.
            Exit code 0 when every role is assumable, 6 otherwise.

            Examples:
              switchrole check --account 123456789012 --role Admin
              switchrole check --all --profile base
              switchrole check --all --json
            """)
        {
            profile, region, account, role, all, json,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "check", async log =>
        {
            var targets = Targets(context, parse.GetValue(account), parse.GetValue(role), parse.GetValue(all));
            if (targets.Count == 0)
            {
                context.Out.WriteLine("No entries to check. Add one with: switchrole add --account ID --role NAME");
                return ExitCodes.Success;
            }

            using var sts = AwsCommandSupport.CreateGateway(context, parse.GetValue(profile), parse.GetValue(region));
            var partition = AwsPartition.ForRegion(sts.Region);
            var inPartition = targets.Where(t => AwsPartition.ForRegion(t.Region ?? sts.Region).Name == partition.Name).ToList();
            // Progress only for a person watching a terminal: a pipe or a log file gets the results alone.
            var progress = context.ErrorIsTerminal && inPartition.Count > 1 ? new CheckProgress(context.Error, inPartition.Count) : null;
            IReadOnlyList<RoleCheckResult> checkedResults;
            try
            {
                checkedResults = await RoleChecker.CheckAsync(sts, inPartition, progress is null ? null : progress.Report, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                progress?.Clear();
            }

            var byKey = checkedResults.ToDictionary(r => (r.AccountId, r.RoleName));
            var results = targets.Select(t => byKey.TryGetValue((t.AccountId, t.RoleName), out var r) ? r : OtherPartition(t)).ToList();
            var assumable = results.Count(r => r.IsAssumable);
            log.Information("check: {Assumable} of {Total} assumable", assumable, results.Count);
            foreach (var result in results.Where(r => !r.IsAssumable))
            {
                log.Information("check: {Arn}: {Status}", result.RoleArn, result.StatusName);
            }

            if (parse.GetValue(json))
            {
                var report = new CheckReportDto(results.Count, assumable, [.. results.Select(RoleCheckDto.From)]);
                context.Out.WriteLine(JsonSerializer.Serialize(report, AwsJsonContext.Default.CheckReportDto));
            }
            else
            {
                Table.Write(context.Out, ["ACCOUNT", "ROLE", "RESULT"], [.. results.Select(r => new[] { r.AccountId, r.RoleName, r.StatusName })]);
                context.Out.WriteLine($"{assumable} of {results.Count} assumable.");
                foreach (var result in results.Where(r => !r.IsAssumable))
                {
                    context.Out.WriteLine($"  {result.Message}");
                }
            }

            return assumable == results.Count ? ExitCodes.Success : ExitCodes.AwsError;
        }));
        return command;
    }

    private static List<RoleCheckTarget> Targets(CliContext context, string? account, string? role, bool all)
    {
        if (all)
        {
            if (account is not null || role is not null)
            {
                throw new ValidationException("--all", "cannot be combined with --account or --role");
            }

            return [.. RoleStore.Open(context.Paths).List().Roles.Select(r => new RoleCheckTarget(r.AccountId, r.RoleName, r.Region))];
        }

        if (account is null || role is null)
        {
            throw new ValidationException(account is null ? "--account" : "--role", "is required (or pass --all to check every stored entry)");
        }

        var accountId = RoleValidator.NormalizeAccountId(account, "--account");
        var roleName = RoleValidator.NormalizeRoleName(role, "--role");
        var stored = File.Exists(context.Paths.DatabasePath) ? RoleStore.Open(context.Paths).Find(new RoleKey(accountId, roleName)) : null;
        return [new RoleCheckTarget(accountId, roleName, stored?.Region)];
    }

    private static RoleCheckResult OtherPartition(RoleCheckTarget target)
    {
        var partition = AwsPartition.ForRegion(target.Region);
        var arn = partition.RoleArn(target.AccountId, target.RoleName);
        return new RoleCheckResult(target.AccountId, target.RoleName, arn, RoleCheckStatus.Error,
            $"{arn}: in partition {partition.Name}, not checked in this run: run `switchrole check --all --region {target.Region}` with credentials for that partition.", null);
    }
}

/// <summary>One self-rewriting stderr line, "checked 3 of 40: Admin in 123456789012", erased when done.</summary>
internal sealed class CheckProgress(TextWriter error, int total)
{
    private readonly Lock gate = new();
    private int done;

    public void Report(RoleCheckResult result)
    {
        lock (gate)
        {
            done++;
            // \r returns to the line start, ESC[K erases what a longer previous line left.
            error.Write($"\rchecked {done} of {total}: {RoleValidator.Printable(result.RoleName)} in {result.AccountId}\u001b[K");
            error.Flush();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            if (done > 0)
            {
                error.Write("\r\u001b[K");
                error.Flush();
            }
        }
    }
}
