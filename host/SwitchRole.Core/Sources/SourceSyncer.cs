using Microsoft.Data.Sqlite;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Sources;

public enum SyncStatus
{
    /// <summary>The content was read and applied (possibly changing nothing).</summary>
    Applied,

    /// <summary>The server answered 304, or the file holds what was applied last.</summary>
    NotModified,

    /// <summary>Reading or parsing failed; the entries of the last good sync stay.</summary>
    Failed,

    /// <summary>Another process fetched it within the interval; nothing was done.</summary>
    NotDue,
}

/// <summary>What one sync of one source did.</summary>
public sealed record SourceSyncReport(string Name, string Location, SyncStatus Status, string? Error, SourceChanges? Changes, ParsedImport? Parsed, long Revision);

/// <summary>No source has this name.</summary>
public sealed class SourceNotFoundException(string name) : Exception($"no team source named '{RoleValidator.Printable(name)}' (switchrole source list shows them)")
{
    public string Name { get; } = name;
}

/// <summary>
/// Adds, syncs and removes team sources. Reading (disk or network) happens outside any transaction; applying is one
/// <see cref="RoleStore.Write{T}"/> transaction per source, so a sync is all-or-nothing, is retried whole when another
/// process holds the lock, and moves the revision (every host then pushes <c>changed</c>) only when something changed.
/// </summary>
public sealed class SourceSyncer(RoleStore store, ISourceFetcher fetcher)
{
    /// <summary>Errors quoted in a source's status; the rest are counted.</summary>
    private const int QuotedErrors = 3;

    public RoleStore Store { get; } = store;

    /// <summary>
    /// Reads the source once and, if it reads and parses without error, stores it with its entries in one
    /// transaction. A location that cannot be read or parsed is refused and nothing is stored: at add time a
    /// failure is almost always a typo.
    /// </summary>
    /// <exception cref="ValidationException">Bad name, location, format or interval; the name is taken; the source cannot be read or has errors.</exception>
    public async Task<SourceSyncReport> AddAsync(string? name, string? location, string? format = null, TimeSpan? interval = null, string? baseDirectory = null, CancellationToken cancellationToken = default)
    {
        var validName = SourceAddress.NormalizeName(name);
        var (kind, where) = SourceAddress.Parse(location, baseDirectory);
        var validFormat = RoleImporter.NormalizeFormatName(format);
        if (interval is { } every && (every < SourceDefaults.MinInterval || every > SourceDefaults.MaxInterval))
        {
            throw new ValidationException("interval", $"must be between {SourceDefaults.MinInterval.TotalMinutes:0} minute and {SourceDefaults.MaxInterval.TotalDays:0} days");
        }

        if (SourceStore.Find(Store, validName) is { } existing)
        {
            throw new ValidationException("name", $"a source named '{existing.Name}' exists ({existing.DisplayLocation}); remove it first or choose another name");
        }

        var source = new TeamSource(validName, where, kind, validFormat, interval, DateTimeOffset.UtcNow, null, null, null, null, null, null, null, null, 0);
        var outcome = await fetcher.FetchAsync(source, conditional: false, cancellationToken).ConfigureAwait(false);
        if (outcome.Status != FetchStatus.Fetched)
        {
            throw new ValidationException("location", $"{outcome.Error ?? "the source answered without content"}; the source was not added");
        }

        var parsed = Parse(source, outcome.Content!);
        if (Refused(parsed))
        {
            throw new ValidationException("location", $"{Describe(parsed)}; the source was not added");
        }

        try
        {
            var (changes, revision) = Store.Write(writer =>
            {
                SourceStore.Insert(writer, source);
                var stored = SourceStore.Get(writer, source.Name)!;
                return SourceMerge.Apply(writer, stored, parsed, outcome.Content!.Version);
            });
            return new SourceSyncReport(source.Name, source.DisplayLocation, SyncStatus.Applied, null, changes, parsed, revision);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 /* CONSTRAINT */)
        {
            throw new ValidationException("name", $"a source named '{validName}' was just added by another process");
        }
    }

    /// <summary>An explicit sync (<c>switchrole source sync</c>, the options page): always reads the whole source and applies it.</summary>
    /// <exception cref="SourceNotFoundException">No such source.</exception>
    public async Task<SourceSyncReport> SyncAsync(string name, CancellationToken cancellationToken = default)
    {
        var source = SourceStore.Find(Store, name) ?? throw new SourceNotFoundException(name);
        return await RunAsync(source, conditional: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SourceSyncReport>> SyncAllAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<SourceSyncReport>();
        foreach (var source in SourceStore.List(Store))
        {
            reports.Add(await RunAsync(source, conditional: false, cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    /// <summary>
    /// A background sync (host mode). A URL source is fetched only if no process attempted it within
    /// <paramref name="minAge"/> (the claim is taken in a transaction first), with If-None-Match. A file is read
    /// every time it may have changed; content equal to what was applied last changes nothing.
    /// </summary>
    public async Task<SourceSyncReport> SyncIfDueAsync(TeamSource source, TimeSpan minAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kind.IsRemote())
        {
            var (claimed, revision) = Store.Write(writer => SourceStore.Claim(writer, source.Name, minAge));
            if (!claimed)
            {
                return new SourceSyncReport(source.Name, source.DisplayLocation, SyncStatus.NotDue, null, null, null, revision);
            }

            // Another host may have stored a newer ETag since the caller listed the sources.
            source = SourceStore.Find(Store, source.Name) ?? throw new SourceNotFoundException(source.Name);
        }

        return await RunAsync(source, conditional: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the source and the entries it brought (with their overrides). Entries a person created stay.</summary>
    /// <remarks>Static: removing reads no source, so it needs no fetcher.</remarks>
    /// <exception cref="SourceNotFoundException">No such source.</exception>
    public static (TeamSource Source, IReadOnlyList<RoleEntry> Removed, long Revision) Remove(RoleStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        var source = SourceStore.Find(store, name) ?? throw new SourceNotFoundException(name);
        var (removed, revision) = store.Write(writer => SourceStore.Remove(writer, source.Name));
        return removed is null ? throw new SourceNotFoundException(name) : (source, removed, revision);
    }

    /// <summary>The most entries one source may bring; a bigger source is refused whole and its last good entries kept.</summary>
    public const int MaxEntries = 20_000;

    /// <summary>
    /// A one-paragraph description of a parse failure: the count and the first errors with file, line and field name
    /// only. Never the text of the file: a wrong file (say /etc/passwd) or one holding keys would otherwise end up in
    /// the database, the log and every browser's options page. <c>switchrole import --dry-run</c> shows the details.
    /// </summary>
    public static string Describe(ParsedImport parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.Errors.Count == 0 && parsed.Entries.Count > MaxEntries)
        {
            return $"the source has {parsed.Entries.Count} entries, more than the limit of {MaxEntries} per source";
        }

        var count = parsed.Errors.Count;
        var more = parsed.ErrorsTruncated ? "+" : "";
        var quoted = string.Join("; ", parsed.Errors.Take(QuotedErrors).Select(e => $"{e.File}:{e.Location.Line}: {SourceErrorField(e.Field)}"));
        var rest = count > QuotedErrors ? $"; and {count - QuotedErrors}{more} more" : "";
        return $"{count}{more} error{(count == 1 ? "" : "s")} in the file: {quoted}{rest} (switchrole import --dry-run on the file shows them in full)";
    }

    /// <summary>True when the source cannot be applied: errors, or more entries than <see cref="MaxEntries"/>.</summary>
    private static bool Refused(ParsedImport parsed) => !parsed.Ok || parsed.Entries.Count > MaxEntries;

    /// <summary>A field name as errors may show it: a plain name (or a JSON path of plain names), else "a value", since parsers name INI keys and sections from the file.</summary>
    private static string SourceErrorField(string field) =>
        field.Length is > 0 and <= 60 && field.Split('.').All(part => KnownFields.Contains(part.Split('[')[0]) && part.Count(c => c == '[') <= 1 && (part.IndexOf('[') < 0 || part.EndsWith(']') && part[(part.IndexOf('[') + 1)..^1].All(char.IsAsciiDigit)))
            ? field + " is invalid"
            : "a value is invalid";

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "accountId", "roleName", "displayName", "color", "region", "baseAccountId", "group", "origin",
        "aws_account_id", "role_name", "role_arn", "source_profile", "target_role_name", "name", "account", "role",
        "csv", "link", "line", "cookie", "format", "version", "rl", "file", "roles", "entries",
    };

    private async Task<SourceSyncReport> RunAsync(TeamSource source, bool conditional, CancellationToken cancellationToken)
    {
        var outcome = await fetcher.FetchAsync(source, conditional, cancellationToken).ConfigureAwait(false);
        switch (outcome.Status)
        {
            case FetchStatus.Failed:
                return Fail(source, outcome.Error!, null);
            case FetchStatus.NotModified:
            {
                var (_, revision) = Store.Write(writer =>
                {
                    if (SourceStore.Get(writer, source.Name) is { } current)
                    {
                        SourceStore.RecordNotModified(writer, current);
                    }

                    return 0;
                });
                return new SourceSyncReport(source.Name, source.DisplayLocation, SyncStatus.NotModified, null, null, null, revision);
            }

            default:
                break;
        }

        var content = outcome.Content!;
        var parsed = Parse(source, content);
        if (Refused(parsed))
        {
            return Fail(source, $"{Describe(parsed)}; the entries of the last good version are kept", parsed);
        }

        var (result, applied) = Store.Write(writer =>
        {
            var current = SourceStore.Get(writer, source.Name);
            if (current is null)
            {
                return ((SourceChanges?)null, SyncStatus.Failed);
            }

            if (conditional && current.ContentSha256 == content.Sha256 && current.LastError is null)
            {
                // Another host applied this very content already (or the file was touched without changing).
                SourceStore.RecordNotModified(writer, current);
                return (null, SyncStatus.NotModified);
            }

            return (SourceMerge.Apply(writer, current, parsed, content.Version), SyncStatus.Applied);
        });
        if (result.Item1 is null && result.Item2 == SyncStatus.Failed)
        {
            throw new SourceNotFoundException(source.Name); // Removed by another process while we were reading it.
        }

        return new SourceSyncReport(source.Name, source.DisplayLocation, result.Item2, null, result.Item1, parsed, applied);
    }

    private SourceSyncReport Fail(TeamSource source, string error, ParsedImport? parsed)
    {
        var (_, revision) = Store.Write(writer =>
        {
            if (SourceStore.Get(writer, source.Name) is { } current)
            {
                SourceStore.RecordFailure(writer, current, error);
            }

            return 0;
        });
        return new SourceSyncReport(source.Name, source.DisplayLocation, SyncStatus.Failed, error, null, parsed, revision);
    }

    private static ParsedImport Parse(TeamSource source, FetchedContent content)
    {
        var format = RoleImporter.ParseFormatName(source.Format) ?? ImportFormat.Auto;
        return RoleImporter.Parse(content.Bytes, format, new ImportOptions(source.DisplayLocation, source.Origin));
    }
}
