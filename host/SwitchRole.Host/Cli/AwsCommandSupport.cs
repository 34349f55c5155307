using System.CommandLine;
using Serilog;
using SwitchRole.Core.Logging;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Aws;

namespace SwitchRole.Host.Cli;

/// <summary>What the AWS commands (whoami, check, open, policy) share: options, the gateway, errors, the MFA prompt.</summary>
internal static class AwsCommandSupport
{
    public static Option<string?> ProfileOption() => new("--profile")
    {
        Description = "AWS profile from ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, then the SDK's default chain)",
        HelpName = "NAME",
    };

    public static Option<string?> RegionOption(string description) => new("--region") { Description = description, HelpName = "CODE" };

    public static SdkStsGateway CreateGateway(CliContext context, string? profile, string? region) => new(new StsGatewayOptions
    {
        Profile = string.IsNullOrWhiteSpace(profile) ? null : profile.Trim(),
        Region = RoleValidator.NormalizeRegion(region, "--region"),
        MfaCodePrompt = device => AskMfaCode(context, device),
        GetEnvironmentVariable = context.GetEnvironmentVariable,
    });

    /// <summary>Asks on stderr and reads one line from stdin (a terminal, or a pipe for scripts).</summary>
    public static string? AskMfaCode(CliContext context, string device)
    {
        context.Error.Write($"MFA code for {device}: ");
        context.Error.Flush();
        return context.In.ReadLine()?.Trim();
    }

    /// <summary>Runs an AWS command: every failure a person can act on becomes one line on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(CliContext context, string command, Func<ILogger, Task<int>> body)
    {
        using var log = LoggingSetup.Create(context.Paths, "cli");
        try
        {
            return await body(log).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            // The message is ours (and redacted): never credentials, tokens or URLs.
            log.Warning("{Command}: {Kind}: {Message}", command, ex.Kind, ex.Message);
            context.Error.WriteLine($"switchrole: {ex.Message}");
            return ExitCodes.AwsError;
        }
        catch (Exception ex) when (CommandRunner.ExitCodeFor(ex) is { } code)
        {
            context.Error.WriteLine($"switchrole: {ex.Message}");
            return code;
        }
    }

    /// <summary>The stored entry <paramref name="name"/> names: display name (any case), then <c>role@account</c>, then a unique search hit.</summary>
    public static RoleEntry FindEntry(RoleStore store, string name)
    {
        var text = name.Trim();
        var all = store.List().Roles;
        var exact = all.Where(r => string.Equals(r.DisplayName, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals($"{r.RoleName}@{r.AccountId}", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)).ToList();
        var hits = exact.Count > 0 ? exact : store.List(new RoleQuery(Search: text)).Roles.ToList();
        return hits.Count switch
        {
            1 => hits[0],
            0 => throw new EntryNotFoundException($"no entry matches '{RoleValidator.Printable(text)}': see `switchrole list`, or pass --account and --role"),
            _ => throw new ValidationException("NAME", $"'{RoleValidator.Printable(text)}' matches {hits.Count} entries ({string.Join(", ", hits.Take(5).Select(h => h.DisplayName))}{(hits.Count > 5 ? ", …" : "")}): use the full display name, or --account and --role"),
        };
    }
}

/// <summary>A named entry that is not in the store.</summary>
internal sealed class EntryNotFoundException : Exception
{
    public EntryNotFoundException(string message)
        : base(message)
    {
    }

    public EntryNotFoundException()
        : this("not found")
    {
    }

    public EntryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
