using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Handlers;

/// <summary>What the handlers of one host process share: the store, or why it could not be opened.</summary>
public sealed class HostSession
{
    private readonly RoleStore? _store;

    public HostSession(AppPaths paths, string hostVersion, RoleStore? store, string? databaseError)
    {
        Paths = paths;
        HostVersion = hostVersion;
        _store = store;
        _openError = databaseError;
    }

    public AppPaths Paths { get; }

    public string HostVersion { get; }

    private readonly string? _openError;
    private volatile string? _sessionError;

    /// <summary>
    /// Null when the database is usable: why it could not be opened, else the last failure a request met in this
    /// session (disk full, read-only, corruption). A failure seen once is reported until the host restarts.
    /// </summary>
    public string? DatabaseError => _openError ?? _sessionError;

    /// <summary>Records a failure a request met, for later hellos.</summary>
    public void RecordDatabaseError(string sentence) => _sessionError = sentence;

    /// <summary>The store, or <see cref="ErrorCode.DatabaseUnavailable"/> with the reason it could not be opened.</summary>
    public RoleStore Store => _store ?? throw new HostException(ErrorCode.DatabaseUnavailable, DatabaseError ?? "the database is not available");

    public bool HasStore => _store is not null;

    /// <summary>Makes the reader of team sources for one request (the browser-started host: files here, the network through the worker).</summary>
    public Func<ISourceFetcher> CreateFetcher { get; init; } = static () => new LocalSourceFetcher();
}
