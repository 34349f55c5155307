using System.Text.RegularExpressions;

namespace SwitchRole.Core.Tests;

/// <summary>
/// The layer direction of docs/architecture.md, checked on the source under host/: a file may name (with a
/// <c>using</c>, a qualified name or a partly qualified one such as <c>Sources.SourceScheduler</c>) only the layers
/// its own layer sits on. A layer is a folder of SwitchRole.Core, and a file's namespace must match its folder.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>
    /// Each layer and the layers it may name; the table of docs/architecture.md. Everything except Model may also name
    /// the Core root (<c>Constants</c>, <c>AppPaths</c>) and Logging. The executable (<c>Host</c>) may name everything;
    /// nothing in Core may name it.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Root] = [],
        ["Logging"] = [],
        ["Model"] = [],
        ["Formats"] = ["Model"],
        ["Storage"] = ["Model"],
        ["Registration"] = ["Model"],
        ["Catalog"] = ["Model", "Formats", "Storage"],
        ["Protocol"] = ["Model", "Storage", "Registration"],
        ["Sources"] = ["Model", "Formats", "Storage", "Catalog", "Protocol"],
        ["Handlers"] = ["Model", "Formats", "Storage", "Catalog", "Protocol", "Sources"],
        ["Hosting"] = ["Model", "Formats", "Storage", "Catalog", "Protocol", "Sources", "Handlers", "Registration"],
    };

    private const string Root = "(root)";
    private const string Host = "Host";
    private const string CoreNamespace = "SwitchRole.Core";

    [Fact]
    public void HostSource_EveryFile_NamesOnlyTheLayersBelowIt()
    {
        var files = SourceFiles();
        Assert.True(files.Count > 50, $"only {files.Count} C# files found under {HostDirectory}");
        var types = TypesByLayer(files);
        var violations = new List<string>();
        foreach (var (path, text) in files)
        {
            var layer = LayerOf(NamespaceOf(text) ?? "");
            if (layer == Host || !IsCore(path))
            {
                continue;
            }

            var allowed = Allowed[layer];
            foreach (var named in NamedLayers(text, types))
            {
                if (named != layer && !allowed.Contains(named) && !(layer != "Model" && named is Root or "Logging"))
                {
                    violations.Add($"{Relative(path)} ({layer}) names {named}");
                }
            }
        }

        Assert.True(violations.Count == 0, "Layer direction broken (docs/architecture.md):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void HostSource_EveryCoreFile_HasTheNamespaceOfItsFolderAndAKnownLayer()
    {
        var problems = new List<string>();
        foreach (var (path, text) in SourceFiles())
        {
            var ns = NamespaceOf(text);
            var relative = Path.GetRelativePath(CoreDirectory, path);
            if (!IsCore(path))
            {
                // The other projects: SwitchRole.Host…, SwitchRole.Network…, SwitchRole.Bridge… after their folder
                // (host/SwitchRole.X), top-level statements in Program.cs.
                var project = Path.GetRelativePath(HostDirectory, path).Split(Path.DirectorySeparatorChar)[0];
                if (ns is null ? Path.GetFileName(path) != "Program.cs" : !ns.StartsWith(project, StringComparison.Ordinal))
                {
                    problems.Add($"{Relative(path)}: namespace {ns ?? "(none)"}, expected {project}…");
                }

                continue;
            }

            var folder = Path.GetDirectoryName(relative)!.Replace(Path.DirectorySeparatorChar, '.');
            var expected = folder.Length == 0 ? CoreNamespace : $"{CoreNamespace}.{folder}";
            if (ns != expected)
            {
                problems.Add($"{Relative(path)}: namespace {ns ?? "(none)"}, expected {expected}");
            }
            else if (!Allowed.ContainsKey(LayerOf(ns)))
            {
                problems.Add($"{Relative(path)}: layer {LayerOf(ns)} is not in the table; add it to docs/architecture.md and {nameof(LayerTests)}.{nameof(Allowed)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The executable browsers start (host/SwitchRole.Bridge) holds no network code: it references Core only, and
    /// neither it nor Core names the AWS SDK, HttpClient or SwitchRole.Network. (The published binary is checked
    /// too: tests/e2e/release.test.mjs.)
    /// </summary>
    [Fact]
    public void BrowserStartedHost_NamesNoNetworkCode()
    {
        var project = File.ReadAllText(Path.Combine(HostDirectory, "SwitchRole.Bridge", "SwitchRole.Bridge.csproj"));
        Assert.Equal(["..\\SwitchRole.Core\\SwitchRole.Core.csproj"], ProjectReference().Matches(project).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("PackageReference", project, StringComparison.Ordinal);
        var core = File.ReadAllText(Path.Combine(CoreDirectory, "SwitchRole.Core.csproj"));
        Assert.DoesNotContain("AWSSDK", core, StringComparison.Ordinal);
        var offending = SourceFiles()
            .Where(f => IsCore(f.Path) || Path.GetRelativePath(HostDirectory, f.Path).StartsWith("SwitchRole.Bridge", StringComparison.Ordinal))
            .Where(f => f.Text.Split('\n').Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && NetworkName().IsMatch(line)))
            .Select(f => Relative(f.Path))
            .ToList();
        Assert.True(offending.Count == 0, "Network code named by the browser-started host's code:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void NamedLayers_UsingOfAHigherLayer_IsFound()
    {
        const string text = "using SwitchRole.Core.Formats;\nusing SwitchRole.Core.Model;\n\nnamespace SwitchRole.Core.Storage;\n";
        Assert.Equal(["Formats", "Model"], NamedLayers(text, new Dictionary<string, HashSet<string>>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NamedLayers_PartlyQualifiedTypeOrStaticUsing_IsFound()
    {
        const string text = """
            using static SwitchRole.Core.Catalog.ImportPlanner;

            namespace SwitchRole.Core.Protocol;

            internal static class X
            {
                public static object? Start() => Sources.SourceScheduler.Start(null!, null!);
            }
            """;
        var types = new Dictionary<string, HashSet<string>> { ["Sources"] = ["SourceScheduler"] };
        Assert.Equal(["Catalog", "Sources"], NamedLayers(text, types).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NamedLayers_MemberThatSharesALayerName_IsNotALayer()
    {
        // ImportPlan has a property Sources: "Sources.Any(...)" names no layer.
        const string text = "namespace SwitchRole.Core.Catalog;\n\ninternal sealed record P(int[] Sources) { public bool Any => Sources.Any(s => s > 0) || this.Sources.Length > 1; }\n";
        var types = new Dictionary<string, HashSet<string>> { ["Sources"] = ["SourceScheduler"] };
        Assert.Empty(NamedLayers(text, types));
    }

    /// <summary>The layers <paramref name="text"/> names outside its namespace declaration; <paramref name="types"/> gives the type names declared in each layer.</summary>
    internal static HashSet<string> NamedLayers(string text, IReadOnlyDictionary<string, HashSet<string>> types)
    {
        var code = NamespaceLine().Replace(text, "");
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in QualifiedName().Matches(code))
        {
            named.Add(m.Groups["layer"].Success ? m.Groups["layer"].Value : Root);
        }

        if (HostName().IsMatch(code))
        {
            named.Add(Host);
        }

        foreach (Match m in PartlyQualifiedName().Matches(code))
        {
            if (types.TryGetValue(m.Groups["layer"].Value, out var declared) && declared.Contains(m.Groups["type"].Value))
            {
                named.Add(m.Groups["layer"].Value);
            }
        }

        return named;
    }

    private static string HostDirectory => Path.Combine(RepoPaths.Root, "host");

    private static string CoreDirectory => Path.Combine(HostDirectory, "SwitchRole.Core");

    private static bool IsCore(string path) => !Path.GetRelativePath(CoreDirectory, path).StartsWith("..", StringComparison.Ordinal);

    private static List<(string Path, string Text)> SourceFiles() =>
        [.. Directory.EnumerateFiles(HostDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))];

    private static Dictionary<string, HashSet<string>> TypesByLayer(List<(string Path, string Text)> files)
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (_, text) in files)
        {
            var layer = LayerOf(NamespaceOf(text) ?? "");
            var set = result.TryGetValue(layer, out var s) ? s : result[layer] = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in TypeDeclaration().Matches(text))
            {
                set.Add(m.Groups["name"].Value);
            }
        }

        return result;
    }

    private static string? NamespaceOf(string text) => NamespaceLine().Match(text) is { Success: true } m ? m.Groups["ns"].Value : null;

    /// <summary><c>SwitchRole.Core.Storage</c> → Storage; <c>SwitchRole.Core.Registration.Posix</c> → Registration; <c>SwitchRole.Host.Cli</c> → Host.</summary>
    private static string LayerOf(string ns)
    {
        if (ns.StartsWith("SwitchRole.Host", StringComparison.Ordinal))
        {
            return Host;
        }

        var parts = ns.Split('.');
        return parts.Length > 2 && ns.StartsWith(CoreNamespace + ".", StringComparison.Ordinal) ? parts[2] : Root;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace(Path.DirectorySeparatorChar, '/');

    [GeneratedRegex(@"^namespace (?<ns>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bSwitchRole\.Core\b(?:\.(?<layer>[A-Z]\w*))?")]
    private static partial Regex QualifiedName();

    /// <summary>The executable's namespace (not a mention of its project file in a comment).</summary>
    [GeneratedRegex(@"\bSwitchRole\.Host\b(?!\.csproj)")]
    private static partial Regex HostName();

    /// <summary><c>Layer.Type</c> not preceded by a member access: a name resolved against the enclosing SwitchRole.Core namespace.</summary>
    [GeneratedRegex(@"(?<![\w.])(?<layer>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex PartlyQualifiedName();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record(?:\s+struct)?)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"<ProjectReference Include=""([^""]+)""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"\b(Amazon\.|System\.Net\.Http|HttpClient\b|SwitchRole\.Network\b)")]
    private static partial Regex NetworkName();
}
