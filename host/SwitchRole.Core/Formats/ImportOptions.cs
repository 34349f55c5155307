using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>The formats <c>switchrole export</c> writes.</summary>
public enum ExportFormat
{
    Json,
    Aesr,
    Csv,
    Links,
}

/// <summary>Settings of one parse.</summary>
/// <param name="FileName">Named in every error ("-" for stdin).</param>
/// <param name="Origin">The origin new entries get: <c>import</c> or <c>team:&lt;source&gt;</c>.</param>
public sealed record ImportOptions(string FileName, string Origin = Origins.Import)
{
    /// <summary>Errors after this many are counted, not listed: a wrong file would otherwise print thousands.</summary>
    public int MaxErrors { get; init; } = 100;
}
