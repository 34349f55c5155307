using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Handlers;

/// <summary><c>sources.add</c>: reads the source once and stores it with its entries, or stores nothing and says why.</summary>
public sealed class SourcesAddHandler(HostSession session) : IRequestHandler
{
    public string Action => "sources.add";

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = request.Read(SourceSyncJsonContext.Default.SourcesAddRequest);
        var location = body.Location?.Trim();
        if (location is { Length: > 0 } && !location.Contains("://", StringComparison.Ordinal) && !location.StartsWith(AwsSourceLocation.OrganizationsPrefix, StringComparison.OrdinalIgnoreCase) && !Path.IsPathFullyQualified(location))
        {
            // The host runs in the browser's working folder: a relative path would mean nothing to the person.
            throw new ValidationException("location", $"'{RoleValidator.Printable(location)}' must be an absolute path or an https:// URL");
        }

        TimeSpan? interval = body.IntervalMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null;
        using var fetcher = session.CreateFetcher();
        var report = await new SourceSyncer(session.Store, fetcher).AddAsync(body.Name, location, body.Format, interval, cancellationToken: cancellationToken).ConfigureAwait(false);
        await responder.SendResultAsync(SourceSyncDto.From(report), SourceSyncJsonContext.Default.SourceSyncDto, cancellationToken).ConfigureAwait(false);
    }
}
