using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>roles.delete</c>: turns the entry into a tombstone.</summary>
public sealed class RolesDeleteHandler(HostSession session) : IRequestHandler
{
    public string Action => "roles.delete";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var key = RoleKeys.Read(request);
        var result = session.Store.Delete(key);
        return result.Deleted
            ? responder.SendResultAsync(new RolesDeleteResult(result.Revision, true).WriteMembers, cancellationToken)
            : throw RoleKeys.NotFound(key);
    }
}
