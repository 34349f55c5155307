using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;

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

        // No fetcher and no syncer: removing reads nothing, and this handler runs in the browser-started host.
        var name = body.Name.Trim();
        var source = SourceStore.Find(session.Store, name);
        var (removed, revision) = source is null ? (null, 0L) : session.Store.Write(writer => SourceStore.Remove(writer, source.Name));
        if (source is null || removed is null)
        {
            throw new HostException(ErrorCode.NotFound, $"name: {new SourceNotFoundException(name).Message}", "name");
        }

        await responder.SendResultAsync(new SourcesRemoveResult(revision, source.Name, removed.Count).WriteMembers, cancellationToken).ConfigureAwait(false);
    }
}
