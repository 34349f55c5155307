using SwitchRole.Network.Aws;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Network.Handlers;

/// <summary>
/// <c>sso.accounts</c>: the accounts and permission sets IAM Identity Center gives the signed-in person, for the
/// popup's "Identity Center" section. Reads the AWS CLI's token cache (refreshing an expired token when it can);
/// never signs in (that needs a person at a browser: <c>switchrole login</c>) and writes nothing to the database.
/// </summary>
public sealed class SsoAccountsHandler(AwsServices aws) : IRequestHandler
{
    // Under the 1 MiB frame cap with room for JSON escaping of the names (each character counted up to 6 bytes).
    private const int MaxResultBytes = 600 * 1024;

    public string Action => "sso.accounts";

    public bool WaitsOnNetwork => true;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(AwsJsonContext.Default.SsoAccountsRequest);
        var ssoSession = AwsHandlerInput.SsoSession(body.SsoSession);
        var profile = AwsHandlerInput.Profile(body.Profile);
        try
        {
            var sso = aws.CreateSsoSignIn(ssoSession, profile);
            var accounts = await sso.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
            var listed = new List<SsoAccountItem>();
            var size = 0;
            foreach (var a in accounts.OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AccountId, StringComparer.Ordinal))
            {
                size += 96 + (6 * a.AccountName.Length) + a.PermissionSets.Sum(p => 8 + (6 * p.Length));
                if (size > MaxResultBytes)
                {
                    break;
                }

                listed.Add(new SsoAccountItem(a.AccountId, a.AccountName, a.PermissionSets));
            }

            var result = new SsoAccountsResult(sso.Session.Name, sso.Session.StartUrl, sso.Session.Region, accounts.Count, listed.Count < accounts.Count, listed);
            await responder.SendResultAsync(result, AwsJsonContext.Default.SsoAccountsResult, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw AwsHandlerInput.Failure(ex);
        }
    }
}
