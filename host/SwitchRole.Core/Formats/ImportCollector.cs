using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>Accumulates what a parser finds. Shared by every format so their reports look the same.</summary>
internal sealed class ImportCollector(ImportFormat format, ImportOptions options)
{
    private readonly List<ParsedEntry> _entries = [];
    private readonly List<SkippedItem> _skipped = [];
    private readonly List<ImportWarning> _warnings = [];
    private readonly List<ImportError> _errors = [];
    private readonly Dictionary<RoleKey, ParsedEntry> _byKey = [];
    private bool _truncated;

    public ImportOptions Options => options;

    public string File => options.FileName;

    public bool HasErrors => _errors.Count > 0;

    public bool Full => _truncated;

    public void Error(SourceLocation location, string field, string reason)
    {
        if (_errors.Count >= options.MaxErrors)
        {
            _truncated = true;
            return;
        }

        _errors.Add(new ImportError(options.FileName, location, field, reason));
    }

    public void Warn(SourceLocation location, string field, string message)
        => _warnings.Add(new ImportWarning(options.FileName, location, field, message));

    public void Skip(SourceLocation location, string name, string kind, string reason)
        => _skipped.Add(new SkippedItem(location, name, kind, reason));

    /// <summary>Adds an entry; a second entry for the same account and role is skipped, naming the first.</summary>
    public void Add(ParsedEntry entry)
    {
        if (_byKey.TryGetValue(entry.Key, out var first))
        {
            Skip(entry.Location, entry.Name, "duplicate",
                $"same account and role as '{first.Name}' (line {first.Location.Line}); the first one is imported");
            return;
        }

        _byKey.Add(entry.Key, entry);
        _entries.Add(entry);
    }

    /// <summary>The result, with skipped items, warnings and errors in file order (parsers find some in later passes).</summary>
    public ParsedImport Build(BackupExtras? extras = null) => new(format, _entries, InFileOrder(_skipped, s => s.Location), InFileOrder(_warnings, w => w.Location), InFileOrder(_errors, e => e.Location), _truncated)
    {
        Extras = extras,
    };

    private static List<T> InFileOrder<T>(List<T> items, Func<T, SourceLocation> location)
        => [.. items.OrderBy(i => location(i).Line).ThenBy(i => location(i).Column)];
}
