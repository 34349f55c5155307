using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary>Reads the (accountId, roleName) pair that names one entry.</summary>
internal static class RoleKeys
{
    public static RoleKey Read(Request request)
    {
        var body = RoleKeyRequest.Read(request.Root);
        return new RoleKey(RoleValidator.NormalizeAccountId(body.AccountId), RoleValidator.NormalizeRoleName(body.RoleName));
    }

    public static HostException NotFound(RoleKey key) =>
        new(ErrorCode.NotFound, $"no entry for account {key.AccountId} and role {key.RoleName}", "roleName");
}
