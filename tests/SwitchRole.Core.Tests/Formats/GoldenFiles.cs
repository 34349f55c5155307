using System.Text;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Formats;

/// <summary>Finds the golden and malformed corpora in the source tree and renders parse results as reviewable text.</summary>
internal static class GoldenFiles
{
    public static string Directory(string name) => Path.Combine(RepoPaths.Root, "tests", "SwitchRole.Core.Tests", "Formats", name);

    /// <summary>Input files of a corpus: everything except the .expected.txt files.</summary>
    public static TheoryData<string> Inputs(string corpus)
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory(corpus)).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".expected.txt", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    /// <summary>Compares <paramref name="actual"/> with the file's .expected.txt (SWITCHROLE_UPDATE_GOLDEN=1 rewrites it).</summary>
    public static void AssertMatches(string corpus, string input, string actual)
    {
        var expectedPath = Path.Combine(Directory(corpus), input + ".expected.txt");
        if (Environment.GetEnvironmentVariable("SWITCHROLE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        Assert.True(File.Exists(expectedPath), $"missing {expectedPath}; the parse gave:\n{actual}");
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }

    public static string Describe(ParsedImport result)
    {
        var sb = new StringBuilder();
        sb.Append("format: ").Append(RoleImporter.Name(result.Format)).Append('\n');
        sb.Append("entries: ").Append(result.Entries.Count).Append('\n');
        foreach (var e in result.Entries)
        {
            var r = e.Role;
            sb.Append($"  {e.Location} {e.Name}: {r.AccountId} {r.RoleName} display=\"{r.DisplayName}\"{(r.DisplayNameGiven ? "" : " (default)")}")
              .Append($" color={r.Color ?? "-"} region={r.Region ?? "-"} base={r.BaseAccountId ?? "-"} group={r.Group ?? "-"} origin={r.Origin}");
            if (e.History is { } h)
            {
                sb.Append($" created={h.CreatedAt:O} updated={h.UpdatedAt:O} used={h.LastUsedAt?.ToString("O") ?? "-"} uses={h.UseCount}");
            }

            sb.Append('\n');
        }

        sb.Append("skipped: ").Append(result.Skipped.Count).Append('\n');
        foreach (var s in result.Skipped)
        {
            sb.Append($"  {s.Location} {s.Name} [{s.Kind}] {s.Reason}\n");
        }

        sb.Append("warnings: ").Append(result.Warnings.Count).Append('\n');
        foreach (var w in result.Warnings)
        {
            sb.Append("  ").Append(w).Append('\n');
        }

        sb.Append("errors: ").Append(result.Errors.Count).Append(result.ErrorsTruncated ? " (truncated)" : "").Append('\n');
        foreach (var e in result.Errors)
        {
            sb.Append("  ").Append(e).Append('\n');
        }

        if (result.Extras is { } x)
        {
            sb.Append("tombstones: ").Append(x.Tombstones.Count).Append('\n');
            foreach (var t in x.Tombstones)
            {
                sb.Append($"  {t.Location} {t.AccountId} {t.RoleName} deleted={t.DeletedAt:O}\n");
            }

            sb.Append($"overrides: {x.Overrides.Count}\nsources: {x.Sources.Count}\n");
        }

        return sb.ToString();
    }
}
