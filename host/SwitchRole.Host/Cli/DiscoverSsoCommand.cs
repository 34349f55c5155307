using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws.Sso;

namespace SwitchRole.Host.Cli;

/// <summary><c>switchrole discover sso</c>: the accounts and permission sets IAM Identity Center gives the signed-in person.</summary>
internal static class DiscoverSsoCommand
{
    public static Command Create(CliContext context)
    {
        var session = LoginCommand.SsoSessionOption();
        var profile = AwsCommandSupport.ProfileOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array (keys: accountId, accountName, permissionSets)" };
        var command = new Command("sso", """
            List the accounts and permission sets IAM Identity Center gives you (sign in first with `switchrole
            login`). Stored entries for those accounts that have no name of their own are named after the account.
            Open one in the console with: switchrole open --sso ACCOUNT/PERMISSION-SET
            """)
        {
            session, profile, json,
        };
        command.SetAction((parse, cancellationToken) => AwsCommandSupport.RunAsync(context, "discover sso", async log =>
        {
            var sso = SsoCommandSupport.SignIn(context, parse.GetValue(session), parse.GetValue(profile));
            var accounts = await sso.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
            log.Information("discover sso: {Count} accounts", accounts.Count);
            var renamed = NameEntries(context, accounts);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize([.. accounts.Select(a => new SsoAccountDto(a.AccountId, a.AccountName, [.. a.PermissionSets]))], SsoCliJsonContext.Default.ListSsoAccountDto));
            }
            else
            {
                foreach (var a in accounts.OrderBy(a => a.AccountName, StringComparer.OrdinalIgnoreCase))
                {
                    context.Out.WriteLine($"{a.AccountId}  {RoleValidator.Printable(a.AccountName)}  {string.Join(", ", a.PermissionSets.Select(RoleValidator.Printable))}");
                }

                context.Error.WriteLine($"{accounts.Count} {(accounts.Count == 1 ? "account" : "accounts")}; open one with: switchrole open --sso ACCOUNT/PERMISSION-SET");
            }

            if (renamed > 0)
            {
                context.Error.WriteLine($"Named {renamed} {(renamed == 1 ? "entry" : "entries")} after {(renamed == 1 ? "its account" : "their accounts")}.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Entries still called by the default <c>Role @ 123456789012</c> get <c>Role @ Account name</c>.</summary>
    private static int NameEntries(CliContext context, IReadOnlyList<SsoAccount> accounts)
    {
        if (!File.Exists(context.Paths.DatabasePath))
        {
            return 0;
        }

        var names = accounts.Where(a => a.AccountName.Length > 0).ToDictionary(a => a.AccountId, a => a.AccountName, StringComparer.Ordinal);
        var store = RoleStore.Open(context.Paths);
        var updates = new List<ValidRole>();
        foreach (var entry in store.List().Roles)
        {
            if (entry.DisplayName == RoleEntry.DefaultDisplayName(entry.RoleName, entry.AccountId) && names.TryGetValue(entry.AccountId, out var name))
            {
                var display = $"{entry.RoleName} @ {name}";
                display = new string([.. display.Where(c => !char.IsControl(c))]);
                display = display.Length > RoleValidator.MaxDisplayNameLength ? display[..RoleValidator.MaxDisplayNameLength].TrimEnd() : display;
                try
                {
                    updates.Add(RoleValidator.Validate(new RoleInput(entry.AccountId, entry.RoleName, DisplayName: display)));
                }
                catch (ValidationException)
                {
                    // An account name the validator refuses keeps the default name.
                }
            }
        }

        return updates.Count == 0 ? 0 : store.Upsert(updates).Updated;
    }
}

internal sealed record SsoAccountDto(string AccountId, string AccountName, List<string> PermissionSets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<SsoAccountDto>))]
internal sealed partial class SsoCliJsonContext : JsonSerializerContext;
