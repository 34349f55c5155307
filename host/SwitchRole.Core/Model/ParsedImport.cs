namespace SwitchRole.Core.Model;

/// <summary>The formats <c>switchrole import</c> reads (a parse result names the one it read).</summary>
public enum ImportFormat
{
    Auto,
    Aesr,
    AwsConfig,
    Csv,
    Json,
    Links,
    Cookie,
}

/// <summary>A 1-based position in an input file.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public static SourceLocation Start { get; } = new(1, 1);

    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>The optional fields an input actually gave for an entry; an import keeps stored values for the others.</summary>
[Flags]
public enum PresentFields
{
    None = 0,
    DisplayName = 1,
    Color = 2,
    Region = 4,
    BaseAccountId = 8,
    Group = 16,
    All = DisplayName | Color | Region | BaseAccountId | Group,
}

/// <summary>One valid entry read from a file, with where it was defined.</summary>
/// <param name="Role">The validated entry.</param>
/// <param name="Location">The line that defines it (section header, CSV row, link line).</param>
/// <param name="Name">The name the file gives it (section name, row number, link), for messages.</param>
/// <param name="Present">Which optional fields the file gave.</param>
public sealed record ParsedEntry(ValidRole Role, SourceLocation Location, string Name, PresentFields Present)
{
    public RoleKey Key => new(Role.AccountId, Role.RoleName);

    /// <summary>Times and usage carried by a SwitchRole JSON file; null for every other format.</summary>
    public EntryHistory? History { get; init; }
}

/// <summary>Times and usage of an entry, as a backup carries them.</summary>
public sealed record EntryHistory(DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastUsedAt, long UseCount);

/// <summary>Something in the file that is deliberately not imported, and why. <c>Kind</c> is a short category for summaries ("default profile", "base account", "duplicate").</summary>
public sealed record SkippedItem(SourceLocation Location, string Name, string Kind, string Reason);

/// <summary>Something imported with a caveat the user should read (an alias that cannot be stored, say).</summary>
public sealed record ImportWarning(string File, SourceLocation Location, string Field, string Message)
{
    public override string ToString() => $"{File}:{Location.Line}:{Location.Column}: {Field}: {Message}";
}

/// <summary>A reason the import cannot go ahead, with where.</summary>
public sealed record ImportError(string File, SourceLocation Location, string Field, string Reason)
{
    public override string ToString() => $"{File}:{Location.Line}:{Location.Column}: {Field}: {Reason}";
}

/// <summary>What a parser made of a file. Nothing is stored until a caller applies it, and only when <see cref="Errors"/> is empty.</summary>
public sealed record ParsedImport(
    ImportFormat Format,
    IReadOnlyList<ParsedEntry> Entries,
    IReadOnlyList<SkippedItem> Skipped,
    IReadOnlyList<ImportWarning> Warnings,
    IReadOnlyList<ImportError> Errors,
    bool ErrorsTruncated)
{
    public bool Ok => Errors.Count == 0;

    /// <summary>Tombstones, overrides and sources: only a SwitchRole JSON file carries them.</summary>
    public BackupExtras? Extras { get; init; }
}

/// <summary>What a backup holds beyond entries: deletions, a person's overrides of team entries, and team sources.</summary>
public sealed record BackupExtras(
    IReadOnlyList<TombstoneRecord> Tombstones,
    IReadOnlyList<OverrideRecord> Overrides,
    IReadOnlyList<SourceRecord> Sources,
    DateTimeOffset? ExportedAt);

/// <summary>A validated local override from a backup (null fields follow the source).</summary>
public sealed record OverrideRecord(string AccountId, string RoleName, string? DisplayName, string? Color, string? Group, DateTimeOffset UpdatedAt, SourceLocation Location);

/// <summary>A validated team source from a backup.</summary>
public sealed record SourceRecord(string Name, SourceKind Kind, string Location, string Format, TimeSpan? Interval, SourceLocation Position);

/// <summary>A validated tombstone from a backup.</summary>
public sealed record TombstoneRecord(string AccountId, string RoleName, DateTimeOffset DeletedAt, SourceLocation Location);
