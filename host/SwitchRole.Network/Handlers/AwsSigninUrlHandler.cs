using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Network.Aws;

namespace SwitchRole.Network.Handlers;

/// <summary><c>aws.signinUrl</c>: a federation sign-in URL for a role, for "open in a new window" when the browser is not signed in.</summary>
/// <remarks>The URL is the only secret that ever crosses the protocol, and only to the browser that asked.</remarks>
public sealed class AwsSigninUrlHandler(AwsServices aws) : IRequestHandler
{
    public string Action => "aws.signinUrl";

    public bool WaitsOnNetwork => true;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(AwsJsonContext.Default.AwsSigninUrlRequest);
        var account = RoleValidator.NormalizeAccountId(body.AccountId);
        var role = RoleValidator.NormalizeRoleName(body.RoleName);
        var region = RoleValidator.NormalizeRegion(body.Region);
        var profile = AwsHandlerInput.Profile(body.Profile);
        if (body.DurationSeconds is < AssumeRoleSpec.MinimumDurationSeconds or > AssumeRoleSpec.MaximumDurationSeconds)
        {
            throw new ValidationException("durationSeconds", $"must be between {AssumeRoleSpec.MinimumDurationSeconds} and {AssumeRoleSpec.MaximumDurationSeconds}");
        }

        IStsGateway? gateway = null;
        try
        {
            gateway = aws.CreateGateway(profile, region);
            var signIn = new ConsoleSignIn(gateway, aws.CreateFederation(AwsPartition.ForRegion(region ?? gateway.Region)));
            var result = await signIn.CreateLoginUrlAsync(
                new ConsoleSignInRequest(account, role, region, body.DurationSeconds, LogoutFirst: body.LogoutFirst == true),
                _ => null,
                cancellationToken).ConfigureAwait(false);
            var reply = new AwsSigninUrlResult(result.Url.AbsoluteUri, result.RoleArn, result.DurationSeconds, result.RoleChaining, result.Notes);
            await responder.SendResultAsync(reply, AwsJsonContext.Default.AwsSigninUrlResult, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw AwsHandlerInput.Failure(ex);
        }
        finally
        {
            (gateway as IDisposable)?.Dispose();
        }
    }
}
