using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>roles.touch</c>: records a switch, so every browser orders by recent use.</summary>
public sealed class RolesTouchHandler(HostSession session) : IRequestHandler
{
    public string Action => "roles.touch";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var key = RoleKeys.Read(request);
        var result = session.Store.Touch(key) ?? throw RoleKeys.NotFound(key);
        return responder.SendResultAsync(new RolesTouchResult(result.Revision, RoleDto.From(result.Role)).WriteMembers, cancellationToken);
    }
}
