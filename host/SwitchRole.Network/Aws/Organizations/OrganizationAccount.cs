namespace SwitchRole.Network.Aws.Organizations;

/// <summary>One account of the organization as ListAccounts returns it, with its organizational-unit path when asked for.</summary>
/// <param name="Id">The 12-digit account id.</param>
/// <param name="Name">The account's name (set by the organization; untrusted text, validated where it becomes a display name).</param>
/// <param name="State">ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION (the newer <c>State</c>, else the older <c>Status</c>).</param>
/// <param name="OuPath">Organizational units from the root down, joined with <c>/</c>; empty for an account under the root; null when not looked up.</param>
public sealed record OrganizationAccount(string Id, string Name, string State, string? OuPath = null)
{
    /// <summary>Only active accounts get entries: a suspended, closing or closed account cannot be signed in to.</summary>
    public bool IsActive => string.Equals(State, "ACTIVE", StringComparison.OrdinalIgnoreCase);
}
