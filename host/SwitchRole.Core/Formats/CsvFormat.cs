using System.Text;
using CsvHelper;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Formats;

/// <summary>
/// CSV with a header row (RFC 4180 quoting, read and written by CsvHelper's low-level reader and writer).
/// Columns: <c>account_id</c> and <c>role_name</c> (required), <c>display_name</c>, <c>color</c>, <c>region</c>,
/// <c>group</c>, <c>base_account_id</c>; others are ignored. The separator is a comma, or a semicolon or tab when the
/// header uses one (spreadsheets in some locales). Empty lines are skipped.
/// </summary>
public static class CsvFormat
{
    private static readonly string[] RequiredColumns = ["account_id", "role_name"];

    public static readonly IReadOnlyList<string> Columns = ["account_id", "role_name", "display_name", "color", "region", "group", "base_account_id"];

    public static ParsedImport Parse(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var collector = new ImportCollector(ImportFormat.Csv, options);
        var readerOptions = new CsvReaderOptions
        {
            Separator = DetectSeparator(text),
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            TrimWhitespace = true,
        };
        try
        {
            using var reader = CsvReader.FromText(text, readerOptions);
            var headers = reader.Headers;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                var name = headers[i].Trim().ToLowerInvariant().Replace(' ', '_');
                index.TryAdd(name, i);
            }

            var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                collector.Error(SourceLocation.Start, "header",
                    $"missing column{(missing.Count == 1 ? "" : "s")} {string.Join(" and ", missing)}; the header row must name account_id and role_name (optional: display_name, color, region, group, base_account_id)");
                return collector.Build();
            }

            while (reader.Read() && !collector.Full)
            {
                var line = (int)reader.LineNumber;
                var raw = new RawEntry($"row {reader.RowNumber}", new SourceLocation(line, 1))
                {
                    AccountId = Field(reader, index, "account_id", line),
                    RoleName = Field(reader, index, "role_name", line),
                    DisplayName = Field(reader, index, "display_name", line),
                    Color = Field(reader, index, "color", line),
                    Region = Field(reader, index, "region", line),
                    Group = Field(reader, index, "group", line),
                    BaseAccountId = Field(reader, index, "base_account_id", line),
                    AccountField = "account_id",
                    RoleField = "role_name",
                };
                if (EntryBuilder.Build(raw, collector) is { } entry)
                {
                    collector.Add(entry);
                }
            }
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? (int)e.LineNumber : 1;
            collector.Error(new SourceLocation(line, 1), "csv", $"malformed CSV: {Problem(e.Message)}");
        }

        return collector.Build();
    }

    public static string Write(IEnumerable<RoleEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var text = new StringWriter();
        using (var writer = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            writer.WriteHeader([.. Columns]);
            foreach (var e in entries)
            {
                writer.WriteRecord([e.AccountId, e.RoleName, e.DisplayName, e.Color ?? "", e.Region ?? "", e.Group ?? "", e.BaseAccountId ?? ""]);
            }
        }

        return text.ToString();
    }

    /// <summary>The value of a column, or null when the column is absent or the field empty; its column is counted in characters.</summary>
    private static Located? Field(CsvReader reader, Dictionary<string, int> index, string column, int line)
    {
        if (!index.TryGetValue(column, out var i) || i >= reader.FieldCount)
        {
            return null;
        }

        var value = reader.GetString(i);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var charColumn = 1;
        for (var j = 0; j < i; j++)
        {
            charColumn += Encoding.UTF8.GetCharCount(reader.GetRawSpan(j)) + 1;
        }

        return new Located(value, column, new SourceLocation(line, charColumn));
    }

    /// <summary>Comma unless the header line has more semicolons or tabs.</summary>
    private static char DetectSeparator(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        var commas = header.Count(c => c == ',');
        var semicolons = header.Count(c => c == ';');
        var tabs = header.Count(c => c == '\t');
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /// <summary>"Malformed CSV in record 2 (line 2): a quoted field that is never closed (byte offset 92)." → the middle.</summary>
    private static string Problem(string message)
    {
        var colon = message.IndexOf("): ", StringComparison.Ordinal);
        var text = colon > 0 ? message[(colon + 3)..] : message;
        var offset = text.IndexOf(" (byte offset", StringComparison.Ordinal);
        return (offset > 0 ? text[..offset] : text).TrimEnd('.');
    }
}
