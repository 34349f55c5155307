using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Handlers;

/// <summary><c>sources.remove</c>: removes a source and the entries it brought; entries a person created stay.</summary>
public sealed class SourcesRemoveHandler(HostSession session) : IRequestHandler
{
    public string Action => "sources.remove";

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = SourceNameRequest.Read(request.Root);
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            throw new ValidationException("name", "is required");
        }

        try
        {
            var (source, removed, revision) = SourceSyncer.Remove(session.Store, body.Name.Trim());
            await responder.SendResultAsync(new SourcesRemoveResult(revision, source.Name, removed.Count).WriteMembers, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceNotFoundException e)
        {
            throw new HostException(ErrorCode.NotFound, $"name: {e.Message}", "name");
        }
    }
}
