using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Hosting;

/// <summary>The one table from action name to handler.</summary>
public static class HandlerRegistry
{
    /// <summary>The browser-started host's table: the network actions relayed to <c>switchrole worker</c> beside this executable.</summary>
    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session) => Create(session, NetworkWorker.BesideExecutable());

    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session, NetworkWorker worker) =>
        Create(session, NetworkActions.Names.Select(name => (IRequestHandler)new RelayHandler(name, worker)));

    /// <summary>
    /// The store's handlers plus <paramref name="network"/>: relays in the browser-started host, the real AWS handlers
    /// in the worker (SwitchRole.Network's NetworkHandlers), so both list the same actions.
    /// </summary>
    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session, IEnumerable<IRequestHandler> network)
    {
        var handlers = new List<IRequestHandler>
        {
            new RolesListHandler(session),
            new RolesUpsertHandler(session),
            new RolesDeleteHandler(session),
            new RolesTouchHandler(session),
            new ImportPreviewHandler(session),
            new ImportApplyHandler(session),
            new RestorePreviewHandler(session),
            new RestoreApplyHandler(session),
            new ExportHandler(session),
            new BackupHandler(session),
            new SourcesListHandler(session),
            new SourcesAddHandler(session),
            new SourcesSyncHandler(session),
            new SourcesRemoveHandler(session),
            new DiagnosticsReportHandler(session),
        };
        handlers.AddRange(network);
        var capabilities = handlers.Select(h => h.Action).Append("hello").Append("changed").Append("roles.list.since").Order(StringComparer.Ordinal).ToList();
        handlers.Add(new HelloHandler(session, capabilities));
        return handlers.ToDictionary(h => h.Action, StringComparer.Ordinal);
    }
}
