using SwitchRole.Core.Protocol;
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
        DatabaseError = databaseError;
    }

    public AppPaths Paths { get; }

    public string HostVersion { get; }

    /// <summary>Null when the database is usable.</summary>
    public string? DatabaseError { get; }

    /// <summary>The store, or <see cref="ErrorCode.DatabaseUnavailable"/> with the reason it could not be opened.</summary>
    public RoleStore Store => _store ?? throw new HostException(ErrorCode.DatabaseUnavailable, DatabaseError ?? "the database is not available");

    public bool HasStore => _store is not null;
}
