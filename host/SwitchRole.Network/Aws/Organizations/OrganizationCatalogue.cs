using System.Globalization;
using System.Text;
using System.Text.Json;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Network.Aws.Organizations;

/// <summary>
/// Turns an organization's accounts into a SwitchRole JSON document: one entry per active account with the given
/// role, named after the account, grouped by OU path when asked. Going through the document (rather than writing
/// entries directly) gives <c>discover organizations</c> and the Organizations source kind the very rules, limits,
/// error reports and change detection (content hash) that <c>import</c> and file or URL sources have.
/// </summary>
public static class OrganizationCatalogue
{
    public static byte[] ToDocument(IEnumerable<OrganizationAccount> accounts, string roleName, bool groupByOu)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var entries = accounts
            .Where(a => a.IsActive)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => (BackupEntry?)new BackupEntry
            {
                AccountId = a.Id,
                RoleName = roleName,
                DisplayName = Clean(a.Name, RoleValidator.MaxDisplayNameLength),
                Group = groupByOu ? Clean(a.OuPath, RoleValidator.MaxGroupLength) : null,
            })
            .ToList();
        var document = new BackupDocument { Format = BackupDocument.FormatName, Version = BackupDocument.CurrentVersion, Entries = entries };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, BackupJsonContext.Default.BackupDocument));
    }

    /// <summary>
    /// An account or OU name as a display name or group: control, format and separator characters dropped, cut to
    /// the limit. One oddly named account must not block the whole organization (imports are all-or-nothing).
    /// </summary>
    private static string? Clean(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (!char.IsControl(c) && category is not (UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate))
            {
                kept.Append(c);
            }
        }

        var value = kept.ToString().Trim();
        return value.Length == 0 ? null : value.Length <= max ? value : value[..max].TrimEnd();
    }
}
