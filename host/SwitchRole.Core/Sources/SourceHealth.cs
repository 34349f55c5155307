using System.Globalization;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Sources;

/// <summary>One failing team source, for <c>switchrole doctor</c> and the options page.</summary>
public sealed record SourceProblem(string Name, string Location, string Error, DateTimeOffset? Since, DateTimeOffset? LastGood, string Fix)
{
    public override string ToString()
    {
        var since = Since is { } at ? $" since {Format(at)}" : "";
        var kept = LastGood is { } good ? $"; its entries from {Format(good)} are kept" : "";
        return $"team source {Name} ({Location}) is failing{since}: {Error}{kept}. Fix: {Fix}";
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The doctor's view of team sources: every failing source with its error and what to do about it.</summary>
public static class SourceHealth
{
    /// <summary>The failing sources (empty when all are fine or there are none).</summary>
    public static IReadOnlyList<SourceProblem> Check(RoleStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. SourceStore.List(store)
            .Where(s => s.Failing)
            .Select(s => new SourceProblem(s.Name, s.DisplayLocation, s.LastError!, s.LastErrorAt, s.LastSyncedAt, Fix(s)))];
    }

    /// <summary>What a person can do about the source's last error.</summary>
    public static string Fix(TeamSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var error = source.LastError ?? "";
        var retry = source.Kind.IsRemote()
            ? $"SwitchRole retries every {source.EffectiveInterval.TotalMinutes:0} minutes while a browser is open, or run switchrole source sync {source.Name}"
            : $"SwitchRole re-reads the file when it changes, or run switchrole source sync {source.Name}";
        if (error.Contains("no such file", StringComparison.Ordinal))
        {
            return $"the file moved or was deleted: put it back (e.g. git pull), or run switchrole source remove {source.Name} and add it again with its new path";
        }

        if (error.Contains("permission denied", StringComparison.Ordinal))
        {
            return $"make the file readable for your user; {retry}";
        }

        if (error.Contains(" in the file:", StringComparison.Ordinal))
        {
            return $"correct the file at the lines shown (switchrole import FILE --dry-run lists every error) or ask its owner to; {retry}";
        }

        if (error.Contains("TLS", StringComparison.Ordinal))
        {
            return "the server's certificate is not trusted: ask whoever runs the server to fix it (SwitchRole never skips certificate checks)";
        }

        if (error.Contains("HTTP 401", StringComparison.Ordinal) || error.Contains("HTTP 403", StringComparison.Ordinal) || error.Contains("HTTP 404", StringComparison.Ordinal))
        {
            return $"the URL is wrong, gone, or needs a new access token: open it in a browser, then switchrole source remove {source.Name} and add it with the right URL";
        }

        if (error.Contains("HTTP 5", StringComparison.Ordinal) || error.Contains("timeout", StringComparison.Ordinal)
            || error.Contains("cannot connect", StringComparison.Ordinal) || error.Contains("does not resolve", StringComparison.Ordinal))
        {
            return $"check your network or VPN, or the server; {retry}";
        }

        return $"fix the cause above; {retry}";
    }
}
