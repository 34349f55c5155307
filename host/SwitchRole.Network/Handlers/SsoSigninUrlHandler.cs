using System.Globalization;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Aws.Sso;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Network.Handlers;

/// <summary>
/// <c>sso.signinUrl</c>: a console sign-in URL for an Identity Center account and permission set (GetRoleCredentials,
/// then the federation sign-in token), as <c>switchrole open --sso</c> makes it.
/// </summary>
/// <remarks>The role credentials and the sign-in token stay inside this call; only the URL goes back, to the browser that asked.</remarks>
public sealed class SsoSigninUrlHandler(AwsServices aws) : IRequestHandler
{
    public string Action => "sso.signinUrl";

    public bool WaitsOnNetwork => true;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(AwsJsonContext.Default.SsoSigninUrlRequest);
        var account = RoleValidator.NormalizeAccountId(body.AccountId);
        var permissionSet = SsoConsoleSignIn.NormalizePermissionSet(body.PermissionSet, "permissionSet");
        var region = RoleValidator.NormalizeRegion(body.Region);
        var ssoSession = AwsHandlerInput.SsoSession(body.SsoSession);
        var profile = AwsHandlerInput.Profile(body.Profile);
        try
        {
            var sso = aws.CreateSsoSignIn(ssoSession, profile);
            var signIn = await SsoConsoleSignIn.CreateLoginUrlAsync(sso, aws.CreateFederation, account, permissionSet, region, body.LogoutFirst == true, cancellationToken).ConfigureAwait(false);
            var expires = signIn.SessionExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var reply = new SsoSigninUrlResult(signIn.Url.AbsoluteUri, account, permissionSet, expires);
            await responder.SendResultAsync(reply, AwsJsonContext.Default.SsoSigninUrlResult, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw AwsHandlerInput.Failure(ex);
        }
    }
}
