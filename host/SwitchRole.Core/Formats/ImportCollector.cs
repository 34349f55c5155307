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

    public ParsedImport Build(BackupExtras? extras = null) => new(format, _entries, _skipped, _warnings, _errors, _truncated)
    {
        Extras = extras,
    };
}
