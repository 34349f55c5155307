using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Handlers;

/// <summary><c>sources.list</c>: every team source with its sync state and last error (URLs redacted).</summary>
public sealed class SourcesListHandler(HostSession session) : IRequestHandler
{
    public string Action => "sources.list";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        var store = session.Store;
        var revision = store.GetRevision();
        var sources = SourceStore.List(store).Select(SourceDto.From).ToList();
        return responder.SendResultAsync(new SourcesListResult(revision, sources).WriteMembers, cancellationToken);
    }
}
