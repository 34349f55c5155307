using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Hosting;

/// <summary>The tables from action name to handler: the browser-started host's and the worker's list the same actions.</summary>
public static class HandlerRegistry
{
    /// <summary>The browser-started host's table, relaying to <c>switchrole worker</c> beside this executable.</summary>
    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session) => CreateForBrowser(session, NetworkWorker.BesideExecutable());

    /// <summary>
    /// The browser-started host's table: the store's everyday actions here (what a menu and the options page use
    /// every time), the network actions and the store actions that parse files or read sources relayed to
    /// <paramref name="worker"/> (<see cref="NetworkActions"/>). It names none of the handlers it relays, so none of
    /// their code is compiled into <c>switchrole-host</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, IRequestHandler> CreateForBrowser(HostSession session, NetworkWorker worker) =>
        Build(
        [
            .. Everyday(session),
            .. NetworkActions.StoreNames.Select(name => new RelayHandler(name, worker, waitsOnNetwork: false)),
            .. NetworkActions.Names.Select(name => new RelayHandler(name, worker)),
        ], session);

    /// <summary>
    /// Every store handler in this process plus <paramref name="network"/>: the worker's table (with SwitchRole.Network's
    /// real AWS handlers) and the one handler tests use.
    /// </summary>
    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session, IEnumerable<IRequestHandler> network) =>
        Build(
        [
            .. Everyday(session),
            new ImportPreviewHandler(session),
            new ImportApplyHandler(session),
            new RestorePreviewHandler(session),
            new RestoreApplyHandler(session),
            new ExportHandler(session),
            new BackupHandler(session),
            new SourcesAddHandler(session),
            new SourcesSyncHandler(session),
            .. network,
        ], session);

    private static List<IRequestHandler> Everyday(HostSession session) =>
    [
        new RolesListHandler(session),
        new RolesUpsertHandler(session),
        new RolesDeleteHandler(session),
        new RolesTouchHandler(session),
        new SourcesListHandler(session),
        new SourcesRemoveHandler(session),
        new DiagnosticsReportHandler(session),
    ];

    private static Dictionary<string, IRequestHandler> Build(List<IRequestHandler> handlers, HostSession session)
    {
        // Loops rather than LINQ: this runs before every browser's first reply.
        var capabilities = new string[handlers.Count + 3];
        for (var i = 0; i < handlers.Count; i++)
        {
            capabilities[i] = handlers[i].Action;
        }

        (capabilities[^3], capabilities[^2], capabilities[^1]) = ("hello", "changed", "roles.list.since");
        Array.Sort(capabilities, StringComparer.Ordinal);
        handlers.Add(new HelloHandler(session, capabilities));
        var table = new Dictionary<string, IRequestHandler>(handlers.Count, StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            table.Add(handler.Action, handler);
        }

        return table;
    }
}
