using SwitchRole.Core.Protocol;
using SwitchRole.Network.Aws;

namespace SwitchRole.Network.Handlers;

/// <summary>
/// <c>sso.sessions</c>: the <c>[sso-session]</c> sections of the AWS config, so that a person with more than one
/// Identity Center (a consultant's clients, an organisation's second instance) can choose which one the popup lists.
/// Reads one file; asks AWS nothing and writes nothing.
/// </summary>
public sealed class SsoSessionsHandler(AwsServices aws) : IRequestHandler
{
    /// <summary>More than anyone configures; keeps the answer far under the frame cap (names and URLs are short).</summary>
    internal const int MaxSessions = 500;

    public string Action => "sso.sessions";

    public bool WaitsOnNetwork => true;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        try
        {
            var all = aws.ListSsoSessions();
            var items = all.Take(MaxSessions).Select(s => new SsoSessionItem(s.Name, Clip(s.StartUrl), Clip(s.Region), s.Problem)).ToList();
            var result = new SsoSessionsResult(aws.ConfigFile, all.Count > MaxSessions, items);
            await responder.SendResultAsync(result, AwsJsonContext.Default.SsoSessionsResult, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            throw AwsHandlerInput.Failure(ex);
        }
    }

    // A value from a file a person edits: shown as text, never longer than a line.
    private static string? Clip(string? value) => value is { Length: > 256 } ? value[..256] : value;
}
