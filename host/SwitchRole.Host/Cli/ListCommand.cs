using System.CommandLine;
using System.Text.Json;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole list</c>: the entries as a table, or as JSON for scripts.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array (keys: accountId, roleName, displayName, color, region, baseAccountId, group, origin, createdAt, updatedAt, lastUsedAt, useCount)" };
        var search = new Option<string?>("--search") { Description = "Only entries whose display name, account id, role name or group contains TEXT (any case)", HelpName = "TEXT" };
        var account = new Option<string?>("--account") { Description = "Only entries of this account id", HelpName = "ID" };
        var group = new Option<string?>("--group") { Description = "Only entries of this group", HelpName = "NAME" };
        var command = new Command("list", "List the entries, most recently used first.\n\nExamples:\n  switchrole list\n  switchrole list --search prod --group platform\n  switchrole list --json")
        {
            json, search, account, group,
        };
        command.SetAction(parse => CommandRunner.Run(context, () =>
        {
            var store = RoleStore.Open(context.Paths);
            var listing = store.List(new RoleQuery(parse.GetValue(search), parse.GetValue(account), parse.GetValue(group)));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize([.. listing.Roles.Select(RoleDto.From)], CliJsonContext.Default.ListRoleDto));
                return ExitCodes.Success;
            }

            if (listing.Roles.Count == 0)
            {
                context.Out.WriteLine("No entries. Add one with: switchrole add --account ID --role NAME");
                return ExitCodes.Success;
            }

            // A team entry named like one of the person's own is shown with its source; the rule needs the whole
            // catalogue, not only what a filter kept.
            var filtered = parse.GetValue(search) is not null || parse.GetValue(account) is not null || parse.GetValue(group) is not null;
            var names = ShownNames.For(filtered ? store.List(new RoleQuery()).Roles : listing.Roles);
            var rows = listing.Roles.Select(r => new[]
            {
                names.Of(r), r.AccountId, r.RoleName, r.Region ?? "", r.Group ?? "", r.Color is null ? "" : "#" + r.Color,
                r.LastUsedAt is { } used ? used.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "never",
            }).ToList();
            Table.Write(context.Out, ["NAME", "ACCOUNT", "ROLE", "REGION", "GROUP", "COLOR", "LAST USED"], rows);
            context.Out.WriteLine($"{listing.Roles.Count} {(listing.Roles.Count == 1 ? "entry" : "entries")}");
            return ExitCodes.Success;
        }));
        return command;
    }
}

/// <summary>Plain aligned columns; no colours, so output pipes cleanly.</summary>
internal static class Table
{
    public static void Write(TextWriter output, string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(headers, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
