using SwitchRole.Core.Catalog;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Handlers;

/// <summary><c>restore.apply</c>: merges a backup (<c>switchrole restore</c>), with the same <c>expectPlan</c> check as <c>import.apply</c>.</summary>
public sealed class RestoreApplyHandler(HostSession session) : IRequestHandler
{
    public string Action => "restore.apply";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var (body, parsed, fileName) = ImportReports.Parse(request, restore: true);
        var store = session.Store;
        var before = store.List();
        ImportReportDto report;
        if (!parsed.Ok)
        {
            report = ImportReports.Build("restore", parsed, fileName, null, before.Roles, applied: false, planChanged: false, before.Revision);
        }
        else
        {
            var preview = ImportPlanner.PlanRestore(parsed, before.Roles, store.ListTombstones(), SourceStore.List(store), OverrideStore.List(store));
            var digest = ImportReports.Digest("restore", preview, ImportReports.ByKey(parsed));
            if (!string.IsNullOrEmpty(body.ExpectPlan) && !string.Equals(body.ExpectPlan, digest, StringComparison.Ordinal))
            {
                report = ImportReports.Build("restore", parsed, fileName, preview, before.Roles, applied: false, planChanged: true, before.Revision);
            }
            else
            {
                var (plan, revision) = ImportPlanner.ApplyRestore(store, parsed);
                report = ImportReports.Build("restore", parsed, fileName, plan, before.Roles, applied: true, planChanged: false, revision);
            }
        }

        return responder.SendResultAsync(report, ImportJsonContext.Default.ImportReportDto, cancellationToken);
    }
}
