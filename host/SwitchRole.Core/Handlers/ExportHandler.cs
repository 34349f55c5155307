using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>export</c>: the entries as <c>switchrole export --format F</c> writes them, in parts of text.</summary>
public sealed class ExportHandler(HostSession session) : IRequestHandler
{
    public string Action => "export";

    /// <summary>Characters per part; internal so tests can force several parts with a small catalogue.</summary>
    internal int MaxCharsPerPart { get; init; } = ExportSupport.MaxCharsPerPart;

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(ImportJsonContext.Default.ExportRequest);
        var format = RoleExporter.ParseFormatName(body.Format)
            ?? throw new HostException(ErrorCode.InvalidField, $"format: must be json, aesr, csv or links; got '{RoleValidator.Printable(body.Format ?? "")}'", "format");
        var snapshot = StoreSnapshot.Take(session.Store);
        var text = RoleExporter.Write(snapshot, format);
        var name = RoleExporter.Name(format);
        var fileName = "switchrole-export." + format switch
        {
            ExportFormat.Aesr => "ini",
            ExportFormat.Csv => "csv",
            ExportFormat.Links => "txt",
            _ => "json",
        };
        return ExportSupport.SendPartsAsync(responder, text, w =>
        {
            w.WriteString("format", name);
            w.WriteString("fileName", fileName);
            w.WriteNumber("revision", snapshot.Revision);
            w.WriteNumber("entries", snapshot.Entries.Count);
        }, cancellationToken, MaxCharsPerPart);
    }
}
