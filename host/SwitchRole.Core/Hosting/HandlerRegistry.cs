using SwitchRole.Core.Aws;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Hosting;

/// <summary>The one table from action name to handler.</summary>
public static class HandlerRegistry
{
    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session) => Create(session, AwsServices.FromEnvironment());

    public static IReadOnlyDictionary<string, IRequestHandler> Create(HostSession session, AwsServices aws)
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
            new AwsCheckHandler(session, aws),
            new AwsSigninUrlHandler(aws),
            new SsoAccountsHandler(aws),
            new SsoSigninUrlHandler(aws),
            new SourcesListHandler(session),
            new SourcesAddHandler(session),
            new SourcesSyncHandler(session),
            new SourcesRemoveHandler(session),
            new DiagnosticsReportHandler(session),
        };
        var capabilities = handlers.Select(h => h.Action).Append("hello").Append("changed").Append("roles.list.since").Order(StringComparer.Ordinal).ToList();
        handlers.Add(new HelloHandler(session, capabilities));
        return handlers.ToDictionary(h => h.Action, StringComparer.Ordinal);
    }
}
