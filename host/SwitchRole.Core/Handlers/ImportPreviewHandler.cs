using SwitchRole.Core.Catalog;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>import.preview</c>: the dry-run diff of an import (what <c>switchrole import --dry-run</c> prints). Writes nothing.</summary>
public sealed class ImportPreviewHandler(HostSession session) : IRequestHandler
{
    public string Action => "import.preview";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var (_, parsed, fileName) = ImportReports.Parse(request, restore: false);
        var listing = session.Store.List();
        var plan = parsed.Ok ? ImportPlanner.PlanImport(parsed, listing.Roles) : null;
        var report = ImportReports.Build("import", parsed, fileName, plan, listing.Roles, applied: false, planChanged: false, listing.Revision);
        return responder.SendResultAsync(report, ImportJsonContext.Default.ImportReportDto, cancellationToken);
    }
}
