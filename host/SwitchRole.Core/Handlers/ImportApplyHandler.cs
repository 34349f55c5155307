using SwitchRole.Core.Catalog;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary>
/// <c>import.apply</c>: the import, all or nothing (what <c>switchrole import</c> does). With <c>expectPlan</c> (the
/// <c>plan</c> of a preview) it writes only if the diff is still the one the person saw; otherwise it answers the new
/// diff with <c>planChanged</c> and writes nothing.
/// </summary>
public sealed class ImportApplyHandler(HostSession session) : IRequestHandler
{
    public string Action => "import.apply";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var (body, parsed, fileName) = ImportReports.Parse(request, restore: false);
        var store = session.Store;
        var before = store.List();
        ImportReportDto report;
        if (!parsed.Ok)
        {
            report = ImportReports.Build("import", parsed, fileName, null, before.Roles, applied: false, planChanged: false, before.Revision);
        }
        else
        {
            var preview = ImportPlanner.PlanImport(parsed, before.Roles);
            var digest = ImportReports.Digest("import", preview, ImportReports.ByKey(parsed));
            if (!string.IsNullOrEmpty(body.ExpectPlan) && !string.Equals(body.ExpectPlan, digest, StringComparison.Ordinal))
            {
                report = ImportReports.Build("import", parsed, fileName, preview, before.Roles, applied: false, planChanged: true, before.Revision);
            }
            else
            {
                // Planned again inside the write transaction: the report is what was written.
                var (plan, revision) = ImportPlanner.ApplyImport(store, parsed);
                report = ImportReports.Build("import", parsed, fileName, plan, before.Roles, applied: true, planChanged: false, revision);
            }
        }

        return responder.SendResultAsync(report, ImportJsonContext.Default.ImportReportDto, cancellationToken);
    }
}
