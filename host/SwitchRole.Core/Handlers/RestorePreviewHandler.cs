using SwitchRole.Core.Catalog;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Handlers;

/// <summary><c>restore.preview</c>: what merging a backup would do (<c>switchrole restore --dry-run</c>). Writes nothing.</summary>
public sealed class RestorePreviewHandler(HostSession session) : IRequestHandler
{
    public string Action => "restore.preview";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var (_, parsed, fileName) = ImportReports.Parse(request, restore: true);
        var store = session.Store;
        var listing = store.List();
        var plan = parsed.Ok ? ImportPlanner.PlanRestore(parsed, listing.Roles, store.ListTombstones(), SourceStore.List(store), OverrideStore.List(store)) : null;
        var report = ImportReports.Build("restore", parsed, fileName, plan, listing.Roles, applied: false, planChanged: false, listing.Revision);
        return responder.SendResultAsync(report, ImportJsonContext.Default.ImportReportDto, cancellationToken);
    }
}
