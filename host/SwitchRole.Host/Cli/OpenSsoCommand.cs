using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;

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
        var permissionSet = target[(slash + 1)..].Trim();
        if (permissionSet.Length is 0 or > 32 || !permissionSet.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or ',' or '.' or '@' or '_' or '-'))
        {
            throw new ValidationException("--sso", $"'{RoleValidator.Printable(permissionSet)}' is not a permission set name (letters, digits and +=,.@_-)");
        }

        var sso = SsoCommandSupport.SignIn(context, ssoSession, profile);
        var session = await sso.GetRoleCredentialsAsync(account, permissionSet, cancellationToken).ConfigureAwait(false);
        var landing = RoleValidator.NormalizeRegion(region, "--region");
        var partition = AwsPartition.ForRegion(landing ?? sso.Session.Region);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var federation = new FederationClient(http, FederationEndpoints.For(partition, context.GetEnvironmentVariable));
        var signin = await federation.GetSigninTokenAsync(session, null, cancellationToken).ConfigureAwait(false);
        var url = federation.BuildLoginUrl(signin, partition.ConsoleDestination(landing));
        if (logoutFirst)
        {
            url = federation.WrapWithLogout(url);
        }

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
