using System.CommandLine;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Sso;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole login</c>: the IAM Identity Center device sign-in, without the AWS CLI, into the AWS CLI's token cache.</summary>
internal static class LoginCommand
{
    public static Option<string?> SsoSessionOption() => new("--sso-session") { Description = "An [sso-session NAME] of your AWS config (default: the only one there)", HelpName = "NAME" };

    public static Command Create(CliContext context)
    {
        var session = SsoSessionOption();
        var profile = AwsCommandSupport.ProfileOption();
        var browser = new Option<string?>("--browser") { Description = "The browser to approve the sign-in in (default: $BROWSER, then the system's default)", HelpName = "NAME" };
        var force = new Option<bool>("--force") { Description = "Sign in again even when the cached sign-in is still valid" };
        var command = new Command("login", """
            Sign in to IAM Identity Center (device authorization): opens the access portal in your browser, waits
            for you to approve, and caches the token where the AWS CLI keeps it (~/.aws/sso/cache, 0600), so
            `aws` and SwitchRole share one sign-in. An expired sign-in is refreshed without a browser when it can be.

            Examples:
              switchrole login
              switchrole login --sso-session corp
            """)
        {
            session, profile, browser, force,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "login", async log =>
        {
            var sso = SsoCommandSupport.SignIn(context, parse.GetValue(session), parse.GetValue(profile));
            var home = SsoCommandSupport.Home(context);
            if (!parse.GetValue(force) && SsoTokenStore.Read(home, sso.Session) is { } cached)
            {
                if (cached.AccessToken is { Length: > 0 } && cached.Expires > DateTimeOffset.UtcNow.AddMinutes(5))
                {
                    context.Out.WriteLine($"Already signed in to {sso.Session.StartUrl} until {cached.ExpiresAt} (--force signs in again).");
                    return ExitCodes.Success;
                }

                if (await sso.RefreshAsync(cached, cancellationToken).ConfigureAwait(false) is { } refreshed)
                {
                    log.Information("login: refreshed the IAM Identity Center token for {Session}", sso.Session.ConfiguredBy);
                    context.Out.WriteLine($"Refreshed your sign-in to {sso.Session.StartUrl}; valid until {refreshed.ExpiresAt}.");
                    return ExitCodes.Success;
                }
            }

            var token = await sso.LoginAsync((url, code) =>
            {
                context.Error.WriteLine($"Approve the sign-in in your browser (code {code}): {url.GetLeftPart(UriPartial.Path)}");
                BrowserLauncher.Open(url, parse.GetValue(browser), context.GetEnvironmentVariable);
            }, cancellationToken).ConfigureAwait(false);
            log.Information("login: signed in to IAM Identity Center for {Session}", sso.Session.ConfiguredBy);
            context.Out.WriteLine($"Signed in to {sso.Session.StartUrl}; valid until {token.ExpiresAt}.");
            return ExitCodes.Success;
        }));
        return command;
    }
}

internal static class SsoCommandSupport
{
    public static string Home(CliContext context) => AwsServices.UserHome(context.GetEnvironmentVariable);

    public static SsoSignIn SignIn(CliContext context, string? ssoSession, string? profile) =>
        AwsServices.SsoSignInFor(Trim(ssoSession), Trim(profile), context.GetEnvironmentVariable);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
