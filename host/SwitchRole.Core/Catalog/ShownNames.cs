using SwitchRole.Core.Model;

namespace SwitchRole.Core.Catalog;

/// <summary>
/// The name a list shows for an entry. A team source is not trusted to name entries the way the person did: a team
/// entry whose display name equals one of the person's own entries (any other account or role; names compared after
/// trimming, in any case) is shown with its source, <c>Prod admin · team:platform</c>, so a shared file cannot pass
/// its role off as the person's own. The extension applies the same rule (extension/src/lib/shown-name.js).
/// </summary>
public sealed class ShownNames
{
    /// <summary>Between the display name and the source.</summary>
    public const string Separator = " · ";

    private readonly HashSet<string> _personal;

    private ShownNames(HashSet<string> personal) => _personal = personal;

    /// <summary>The rule for one catalogue: <paramref name="all"/> is every entry, not only the rows a filter kept.</summary>
    public static ShownNames For(IEnumerable<RoleEntry> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var personal = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in all)
        {
            if (!IsTeamEntry(entry))
            {
                personal.Add(Key(entry.DisplayName));
            }
        }

        return new ShownNames(personal);
    }

    /// <summary>A team source's entry (origin <c>team:&lt;source&gt;</c>); local, console and import entries are the person's own.</summary>
    public static bool IsTeamEntry(RoleEntry entry) =>
        entry.Origin.StartsWith(Origins.TeamPrefix, StringComparison.Ordinal);

    /// <summary>The name to show for <paramref name="entry"/>.</summary>
    public string Of(RoleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return IsTeamEntry(entry) && _personal.Contains(Key(entry.DisplayName))
            ? entry.DisplayName + Separator + entry.Origin
            : entry.DisplayName;
    }

    private static string Key(string name) => name.Trim().ToLowerInvariant();
}
