using System.Diagnostics;
using System.Globalization;
using System.Text;
using SwitchRole.Core;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

// Import and export timings for 10,000 entries (goal: import at most 1 s each for AESR and CSV).
// Usage: SwitchRole.Bench.Formats [switchrole binary] [--runs N]
// In-process figures time parsing, planning and the one-transaction write; with a binary, the whole CLI command
// (process start, read, parse, write) is timed as a person runs it.
const int Count = 10_000;
var binary = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? Path.GetFullPath(args[0]) : null;
var runsAt = Array.IndexOf(args, "--runs");
var runs = runsAt >= 0 ? int.Parse(args[runsAt + 1], CultureInfo.InvariantCulture) : 5;
var work = Path.Combine(Path.GetTempPath(), "swr-bench-formats-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
try
{
    Console.WriteLine($"# SwitchRole import/export benchmark: {Count:N0} entries, median of {runs} runs after a warm-up ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
    var aesrPath = Path.Combine(work, "roles.ini");
    var csvPath = Path.Combine(work, "roles.csv");
    File.WriteAllText(aesrPath, Files.Aesr(Count));
    File.WriteAllText(csvPath, Files.Csv(Count));
    Console.WriteLine($"inputs: AESR {new FileInfo(aesrPath).Length / 1024} KiB (100 base accounts x 99 targets, 100 singles), CSV {new FileInfo(csvPath).Length / 1024} KiB");
    Console.WriteLine();

    Console.WriteLine("in process (JIT, Release):");
    foreach (var (name, path, format) in new[] { ("AESR", aesrPath, ImportFormat.Aesr), ("CSV", csvPath, ImportFormat.Csv) })
    {
        var bytes = File.ReadAllBytes(path);
        var parse = Measure(runs, () => Check(RoleImporter.Parse(bytes, ImportFormat.Auto, new ImportOptions(path)), format));
        var full = Measure(runs, () =>
        {
            var home = Path.Combine(work, "home-" + Guid.NewGuid().ToString("N"));
            var store = RoleStore.Open(new AppPaths(home));
            var parsed = Check(RoleImporter.Parse(bytes, ImportFormat.Auto, new ImportOptions(path)), format);
            var plan = ImportPlanner.PlanImport(parsed, store.List().Roles);
            var (applied, _) = ImportPlanner.ApplyImport(store, parsed);
            if (applied.Count(PlannedAction.Add) != Count || plan.Count(PlannedAction.Add) != Count)
            {
                throw new InvalidOperationException($"added {applied.Count(PlannedAction.Add)}");
            }
        });
        Console.WriteLine($"  import {name,-4} parse {parse,7:0.0} ms   parse + plan + write to a new database {full,7:0.0} ms   (goal: at most 1000 ms)");
    }

    var exportHome = Path.Combine(work, "export-home");
    var exportStore = RoleStore.Open(new AppPaths(exportHome));
    exportStore.Upsert([.. Check(AesrFormat.Parse(File.ReadAllText(aesrPath), new ImportOptions("x")), ImportFormat.Aesr).Entries.Select(e => e.Role)]);
    foreach (var format in new[] { ExportFormat.Json, ExportFormat.Aesr, ExportFormat.Csv, ExportFormat.Links })
    {
        var length = 0;
        var ms = Measure(runs, () =>
        {
            var listing = exportStore.List();
            var text = RoleExporter.Write(new BackupSnapshot(listing.Roles, exportStore.ListTombstones(), listing.Revision, DateTimeOffset.UtcNow), format);
            length = text.Length;
        });
        Console.WriteLine($"  export {RoleExporter.Name(format),-5} read + write {ms,7:0.0} ms   ({length / 1024} KiB)");
    }

    if (binary is not null)
    {
        Console.WriteLine();
        Console.WriteLine($"CLI process ({binary}):");
        foreach (var (name, path) in new[] { ("AESR", aesrPath), ("CSV", csvPath) })
        {
            var ms = Measure(runs, () => Cli(binary, Path.Combine(work, "cli-" + Guid.NewGuid().ToString("N")), "import", path));
            Console.WriteLine($"  switchrole import {name,-4} into a new database {ms,7:0.0} ms   (goal: at most 1000 ms)");
        }

        foreach (var format in new[] { "json", "aesr", "csv", "links" })
        {
            var output = Path.Combine(work, "out." + format);
            var ms = Measure(runs, () => Cli(binary, exportHome, "export", "--format", format, "-o", output));
            Console.WriteLine($"  switchrole export --format {format,-5} {ms,7:0.0} ms");
        }
    }

    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static ParsedImport Check(ParsedImport parsed, ImportFormat format)
{
    if (!parsed.Ok || parsed.Format != format || parsed.Entries.Count != Count)
    {
        throw new InvalidOperationException($"bad parse: {parsed.Format}, {parsed.Entries.Count} entries, {(parsed.Errors.Count > 0 ? parsed.Errors[0] : null)}");
    }

    return parsed;
}

static double Measure(int runs, Action action)
{
    action(); // warm-up
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    times.Sort();
    return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
}

static void Cli(string binary, string home, params string[] args)
{
    var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var arg in args)
    {
        info.ArgumentList.Add(arg);
    }

    info.Environment["SWITCHROLE_HOME"] = home;
    using var process = Process.Start(info)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"switchrole {string.Join(' ', args)} exited {process.ExitCode}: {stderr}");
    }

    _ = stdout.Result;
}

internal static class Files
{
    /// <summary>100 base accounts with 99 targets each (bases are skipped), plus 100 singles: 10,000 entries.</summary>
    public static string Aesr(int count)
    {
        var sb = new StringBuilder();
        var perBase = 99;
        var bases = (count - 100) / perBase;
        var n = 0;
        for (var b = 0; b < bases; b++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[base-{b}]\naws_account_id = {100000000000 + b}\ntarget_role_name = Developer\ntarget_region = eu-west-1\n\n");
            for (var t = 0; t < perBase; t++, n++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"[team-{b}-account-{t}]\naws_account_id = {200000000000 + n}\nsource_profile = base-{b}\ncolor = #{n % 0xffffff:x6}\n\n");
            }
        }

        for (; n < count; n++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"[single-{n}]\naws_account_id = {200000000000 + n}\nrole_name = ops/Admin\nregion = us-east-1\n\n");
        }

        return sb.ToString();
    }

    public static string Csv(int count)
    {
        var sb = new StringBuilder("account_id,role_name,display_name,color,region,group\n");
        for (var n = 0; n < count; n++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{300000000000 + n},team/ReadOnly,\"Account {n}, read-only\",{n % 0xffffff:x6},eu-central-1,group-{n % 50}\n");
        }

        return sb.ToString();
    }
}
