using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Sso;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole open --sso ACCOUNT/PERMISSION-SET</c>: GetRoleCredentials from IAM Identity Center, then the federation sign-in URL.</summary>
internal static class OpenSsoCommand
{
    public static async Task<int> RunAsync(CliContext context, string target, string? ssoSession, string? profile, string? region, bool print, string? browser, bool logoutFirst, CancellationToken cancellationToken)
    {
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ValidationException("--sso", $"must be ACCOUNT/PERMISSION-SET like 123456789012/AdministratorAccess; got '{RoleValidator.Printable(target)}'");
        }

        var account = RoleValidator.NormalizeAccountId(target[..slash], "--sso");
        var permissionSet = SsoConsoleSignIn.NormalizePermissionSet(target[(slash + 1)..], "--sso");
        var landing = RoleValidator.NormalizeRegion(region, "--region");
        var sso = SsoCommandSupport.SignIn(context, ssoSession, profile);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var signIn = await SsoConsoleSignIn.CreateLoginUrlAsync(
            sso, partition => new FederationClient(http, FederationEndpoints.For(partition, context.GetEnvironmentVariable)), account, permissionSet, landing, logoutFirst, cancellationToken).ConfigureAwait(false);
        var url = signIn.Url;
        if (print)
        {
            context.Out.WriteLine(url.AbsoluteUri);
        }
        else
        {
            BrowserLauncher.Open(url, browser, context.GetEnvironmentVariable);
            context.Out.WriteLine($"Opened the console as {permissionSet} in account {account}.");
        }

        return ExitCodes.Success;
    }
}
