using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>roles.upsert</c>: one entry or many, validated first, then stored in one transaction.</summary>
public sealed class RolesUpsertHandler(HostSession session) : IRequestHandler
{
    public const int MaxEntriesPerRequest = 20_000;

    /// <summary>Up to this many entries the result echoes them; beyond, it would not fit the browsers' 1 MiB cap.</summary>
    public const int MaxEchoedEntries = 100;

    public string Action => "roles.upsert";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var body = RolesUpsertRequest.Read(request.Root);
        var (inputs, name) = (body.Roles, body.Role) switch
        {
            ({ } many, null) => (many, "roles"),
            (null, { } one) => ([one], "role"),
            (null, null) => throw new HostException(ErrorCode.InvalidField, "roles: required (an array of entries), or role (one entry)", "roles"),
            _ => throw new HostException(ErrorCode.InvalidField, "roles: send either roles or role, not both", "roles"),
        };
        if (inputs.Count > MaxEntriesPerRequest)
        {
            throw new HostException(ErrorCode.InvalidField, $"roles: at most {MaxEntriesPerRequest} entries per request, got {inputs.Count}", "roles");
        }

        var valid = new List<ValidRole>(inputs.Count);
        var seen = new HashSet<RoleKey>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var prefix = name == "role" ? "role." : $"roles[{i}].";
            var input = inputs[i] ?? throw new HostException(ErrorCode.InvalidField, $"{prefix.TrimEnd('.')}: must be an object", prefix.TrimEnd('.'));
            var role = RoleValidator.Validate(input.ToInput(), prefix, emptyClears: true);
            if (!seen.Add(role.Key))
            {
                throw new HostException(ErrorCode.InvalidField, $"{prefix}accountId: {role.AccountId} / {role.RoleName} appears twice in this request", prefix + "accountId");
            }

            valid.Add(role);
        }

        var result = session.Store.Upsert(valid);
        IReadOnlyList<RoleDto>? echoed = result.Roles.Count <= MaxEchoedEntries ? [.. result.Roles.Select(RoleDto.From)] : null;
        var reply = new RolesUpsertResult(result.Revision, result.Added, result.Updated, result.Unchanged, echoed);
        return responder.SendResultAsync(reply.WriteMembers, cancellationToken);
    }
}
