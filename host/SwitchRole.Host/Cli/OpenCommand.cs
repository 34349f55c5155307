using System.CommandLine;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole open</c>: a console session for a role, in any browser, through the federation sign-in flow.</summary>
internal static class OpenCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("NAME") { Description = "A stored entry: its display name, role@account, or a unique part of either", Arity = ArgumentArity.ZeroOrOne };
        var account = new Option<string?>("--account") { Description = "Account id of the role", HelpName = "ID" };
        var role = new Option<string?>("--role") { Description = "Role name (with optional path)", HelpName = "NAME" };
        var profile = AwsCommandSupport.ProfileOption();
        var region = AwsCommandSupport.RegionOption("Console region to land in (default: the entry's region, then AWS_REGION or the profile's)");
        var duration = new Option<int?>("--duration") { Description = "Session length in seconds, 900 to 43200 (default 3600; at most 3600 when your credentials are themselves a role session)", HelpName = "SECONDS" };
        var print = new Option<bool>("--print") { Description = "Print the sign-in URL (valid 15 minutes) instead of opening a browser" };
        var browser = new Option<string?>("--browser") { Description = "chrome, chromium, firefox, edge, brave, safari, a path, or a command with %s for the URL (default: $BROWSER, then the system's default)", HelpName = "NAME" };
        var logout = new Option<bool>("--logout-first") { Description = "Log the browser out of any other AWS console session first (otherwise AWS says \"You must first log out\")" };
        var mfaSerial = new Option<string?>("--mfa-serial") { Description = "MFA device ARN the role needs (default: the profile's mfa_serial); the code is read from the terminal", HelpName = "ARN" };
        var externalId = new Option<string?>("--external-id") { Description = "External id the role's trust policy requires", HelpName = "ID" };
        var sso = new Option<string?>("--sso") { Description = "IAM Identity Center: ACCOUNT/PERMISSION-SET, signed in with `switchrole login` (see `switchrole discover sso`)", HelpName = "ACCOUNT/SET" };
        var ssoSession = LoginCommand.SsoSessionOption();
        var command = new Command("open", """
            Open the AWS console as a role: AssumeRole, the federation sign-in token, then the login URL.

            Examples:
              switchrole open --account 123456789012 --role Admin
              switchrole open "Prod admin" --browser firefox --logout-first
              switchrole open --account 123456789012 --role Admin --region eu-west-1 --print
            """)
        {
            name, account, role, profile, region, duration, print, browser, logout, mfaSerial, externalId, sso, ssoSession,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "open", async log =>
        {
            if (parse.GetValue(sso) is { } ssoTarget)
            {
                return await OpenSsoCommand.RunAsync(context, ssoTarget, parse.GetValue(ssoSession), parse.GetValue(profile), parse.GetValue(region),
                    parse.GetValue(print), parse.GetValue(browser), parse.GetValue(logout), cancellationToken).ConfigureAwait(false);
            }

            var (key, entryRegion, known) = Target(context, parse.GetValue(name), parse.GetValue(account), parse.GetValue(role));
            var regionCode = RoleValidator.NormalizeRegion(parse.GetValue(region), "--region") ?? entryRegion;
            var external = parse.GetValue(externalId) is { } id ? PolicyDocuments.NormalizeExternalId(id, "--external-id") : null;
            var device = parse.GetValue(mfaSerial) is { } serial ? NormalizeMfaSerial(serial) : null;

            // STS is called in the landing region when there is one, so GovCloud and China entries reach their partition.
            using var sts = AwsCommandSupport.CreateGateway(context, parse.GetValue(profile), regionCode);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var federation = new FederationClient(http, FederationEndpoints.For(AwsPartition.ForRegion(regionCode ?? sts.Region), context.GetEnvironmentVariable));
            var signIn = new ConsoleSignIn(sts, federation);
            var result = await signIn.CreateLoginUrlAsync(
                new ConsoleSignInRequest(key.AccountId, key.RoleName, regionCode, parse.GetValue(duration), device, external, parse.GetValue(logout)),
                code => AwsCommandSupport.AskMfaCode(context, code),
                cancellationToken).ConfigureAwait(false);
            foreach (var note in result.Notes)
            {
                context.Error.WriteLine($"switchrole: {note}");
            }

            log.Information("open: {RoleArn} for {Duration}s ({Delivery})", result.RoleArn, result.DurationSeconds, parse.GetValue(print) ? "printed" : "browser");
            if (parse.GetValue(print))
            {
                context.Out.WriteLine(result.Url.AbsoluteUri);
            }
            else
            {
                BrowserLauncher.Open(result.Url, parse.GetValue(browser), context.GetEnvironmentVariable);
                context.Out.WriteLine($"Opened the console as {result.RoleArn} for {result.DurationSeconds / 60} minutes.");
            }

            if (known)
            {
                RoleStore.Open(context.Paths).Touch(key);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static (RoleKey Key, string? Region, bool Stored) Target(CliContext context, string? name, string? account, string? role)
    {
        if (name is not null)
        {
            if (account is not null || role is not null)
            {
                throw new ValidationException("NAME", "give either an entry NAME or --account and --role, not both");
            }

            var entry = AwsCommandSupport.FindEntry(RoleStore.Open(context.Paths), name);
            return (new RoleKey(entry.AccountId, entry.RoleName), entry.Region, true);
        }

        if (account is null || role is null)
        {
            throw new ValidationException(account is null ? "--account" : "--role", "is required (or name a stored entry)");
        }

        var key = new RoleKey(RoleValidator.NormalizeAccountId(account, "--account"), RoleValidator.NormalizeRoleName(role, "--role"));
        var stored = File.Exists(context.Paths.DatabasePath) ? RoleStore.Open(context.Paths).Find(key) : null;
        return (key, stored?.Region, stored is not null);
    }

    /// <summary>An MFA device ARN (<c>arn:aws:iam::123456789012:mfa/name</c>) or a hardware serial (letters and digits).</summary>
    private static string NormalizeMfaSerial(string value)
    {
        var text = value.Trim();
        var ok = text.Length is >= 9 and <= 256 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '-' or '_' or '+' or '=' or ',' or '.' or '@');
        return ok ? text : throw new ValidationException("--mfa-serial", $"'{RoleValidator.Printable(text)}' is not an MFA device ARN like arn:aws:iam::123456789012:mfa/alice");
    }
}
