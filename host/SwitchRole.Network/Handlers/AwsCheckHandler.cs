using SwitchRole.Core.Handlers;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Network.Aws;

namespace SwitchRole.Network.Handlers;

/// <summary><c>aws.check</c>: AssumeRole per entry, so the options page can show which entries work.</summary>
public sealed class AwsCheckHandler(HostSession session, AwsServices aws) : IRequestHandler
{
    public string Action => "aws.check";

    public bool WaitsOnNetwork => true;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(AwsJsonContext.Default.AwsCheckRequest);
        var profile = AwsHandlerInput.Profile(body.Profile);
        List<RoleCheckTarget> targets;
        if (body.All == true)
        {
            targets = [.. session.Store.List().Roles.Select(r => new RoleCheckTarget(r.AccountId, r.RoleName, r.Region))];
        }
        else
        {
            var account = RoleValidator.NormalizeAccountId(body.AccountId);
            var role = RoleValidator.NormalizeRoleName(body.RoleName);
            targets = [new RoleCheckTarget(account, role, session.Store.Find(new RoleKey(account, role))?.Region)];
        }

        IStsGateway? gateway = null;
        try
        {
            // Inside the try: an unknown profile fails here, and must answer AwsError like any other AWS failure.
            gateway = aws.CreateGateway(profile, null);
            var results = await RoleChecker.CheckAsync(gateway, targets, cancellationToken).ConfigureAwait(false);
            var report = new CheckReportDto(results.Count, results.Count(r => r.IsAssumable), [.. results.Select(RoleCheckDto.From)]);
            await responder.SendResultAsync(report, AwsJsonContext.Default.CheckReportDto, cancellationToken).ConfigureAwait(false);
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

internal static class AwsHandlerInput
{
    public static string? Profile(string? value)
    {
        var profile = RoleValidator.NormalizeOptionalText(value, "profile", 128);
        return profile is null || profile.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '+')
            ? profile
            : throw new ValidationException("profile", "may contain only letters, digits and -_.@+");
    }

    /// <summary>An <c>[sso-session NAME]</c> name: the characters the AWS CLI's config accepts in practice.</summary>
    public static string? SsoSession(string? value)
    {
        var name = RoleValidator.NormalizeOptionalText(value, "ssoSession", 128);
        return name is null || Aws.Sso.SsoSession.IsPassableName(name)
            ? name
            : throw new ValidationException("ssoSession", "may contain only letters, digits and -_.@+");
    }

    /// <summary>The sentence is already safe to show (no credentials or tokens); the kind goes in the field for the UI.</summary>
    public static HostException Failure(StsException ex) =>
        new(ErrorCode.AwsError, ex.Message, RoleChecker.StatusNameOfFailure(ex.Kind));
}
