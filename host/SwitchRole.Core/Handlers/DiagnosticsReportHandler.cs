using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary>
/// <c>diagnostics.report</c>: the extension's last view of the console's hooks in this browser, kept in
/// <c>diagnostics-&lt;browser&gt;.json</c> in the data folder (0600) for <c>switchrole doctor</c>. Only names from fixed sets,
/// a host pattern and versions are accepted: a member that could carry an account id, a role name or a token is refused.
/// </summary>
public sealed partial class DiagnosticsReportHandler(HostSession session) : IRequestHandler
{
    public string Action => "diagnostics.report";

    /// <summary>Browsers a report may come from (the extension says <c>chromium</c> for every Chromium-family browser).</summary>
    public static readonly IReadOnlyList<string> Browsers = ["chromium", "firefox"];

    /// <summary>The console hooks the content script looks for (extension/src/lib/diagnostics.js HOOKS).</summary>
    public static readonly IReadOnlyList<string> Hooks = ["menu-button", "dropdown", "identity-global", "session-meta", "csrf", "sign-in-host"];

    private static readonly string[] Modes = ["classic", "multi-session"];
    private static readonly string[] ModeSources = ["session-meta", "host-name", "none"];
    private static readonly string[] CsrfSources = ["page-global", "form", "none"];
    private static readonly string[] SignInSources = ["awsc-session-data", "awsc-signin-endpoint", "infrastructureRegion", "page host", "default"];
    private static readonly HashSet<string> Members =
        ["id", "action", "browser", "extensionVersion", "consoleHost", "mode", "modeSource", "csrfSource", "signInSource", "found", "missing", "switchErrors"];

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var report = Parse(request.Root, session.HostVersion, DateTimeOffset.UtcNow);
        var path = Save(session.Paths, report);
        await responder.SendResultAsync(w => w.WriteString("path", path), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file a browser's last report lives in.</summary>
    public static string PathFor(AppPaths paths, string browser)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.Home, $"diagnostics-{browser}.json");
    }

    /// <summary>Checks every member; the first problem is an <see cref="ErrorCode.InvalidField"/> naming it.</summary>
    public static DiagnosticsReport Parse(JsonElement root, string hostVersion, DateTimeOffset receivedAt)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new HostException(ErrorCode.InvalidJson, "the request must be a JSON object");
        }

        foreach (var member in root.EnumerateObject())
        {
            if (!Members.Contains(member.Name))
            {
                throw Invalid(member.Name.Length <= 40 ? member.Name : member.Name[..40], "is not a diagnostics member (reports hold hook names, sources and versions only)");
            }
        }

        var browser = OneOf(root, "browser", Browsers, required: true)!;
        var extensionVersion = Optional(root, "extensionVersion", VersionText());
        var consoleHost = Optional(root, "consoleHost", HostPattern());
        var found = HookList(root, "found");
        var missing = HookList(root, "missing");
        if (found.Intersect(missing, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw Invalid("missing", $"'{both}' is listed as found and as missing");
        }

        var switchErrors = 0;
        if (root.TryGetProperty("switchErrors", out var errors) && errors.ValueKind != JsonValueKind.Null)
        {
            if (errors.ValueKind != JsonValueKind.Number || !errors.TryGetInt32(out switchErrors) || switchErrors is < 0 or > 1000)
            {
                throw Invalid("switchErrors", "must be a whole number from 0 to 1000");
            }
        }

        return new DiagnosticsReport(
            browser,
            receivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            extensionVersion,
            hostVersion,
            consoleHost,
            OneOf(root, "mode", Modes) ?? "classic",
            OneOf(root, "modeSource", ModeSources) ?? "none",
            OneOf(root, "csrfSource", CsrfSources) ?? "none",
            OneOf(root, "signInSource", SignInSources) ?? "default",
            found,
            missing,
            switchErrors);
    }

    /// <summary>Writes the report (temporary file, then rename), created 0600 in the data folder; returns its path.</summary>
    public static string Save(AppPaths paths, DiagnosticsReport report)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(report);
        if (!Directory.Exists(paths.Home))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(paths.Home);
            }
            else
            {
                Directory.CreateDirectory(paths.Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var path = PathFor(paths, report.Browser);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                Write(w, report);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new HostException(ErrorCode.InternalError, $"{path}: the diagnostics could not be stored ({ex.Message})");
        }

        return path;
    }

    /// <summary>The last report of <paramref name="browser"/>, or null when there is none or it cannot be read.</summary>
    public static DiagnosticsReport? Load(AppPaths paths, string browser)
    {
        var path = PathFor(paths, browser);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            IReadOnlyList<string> List(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
                ? [.. v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(Hooks.Contains)]
                : [];
            return new DiagnosticsReport(
                browser,
                Text("receivedAt") ?? "unknown",
                Text("extensionVersion"),
                Text("hostVersion") ?? "unknown",
                Text("consoleHost"),
                Text("mode") ?? "classic",
                Text("modeSource") ?? "none",
                Text("csrfSource") ?? "none",
                Text("signInSource") ?? "default",
                List("found"),
                List("missing"),
                root.TryGetProperty("switchErrors", out var e) && e.TryGetInt32(out var n) ? n : 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter w, DiagnosticsReport r)
    {
        w.WriteStartObject();
        w.WriteString("browser", r.Browser);
        w.WriteString("receivedAt", r.ReceivedAt);
        w.WriteString("extensionVersion", r.ExtensionVersion);
        w.WriteString("hostVersion", r.HostVersion);
        w.WriteString("consoleHost", r.ConsoleHost);
        w.WriteString("mode", r.Mode);
        w.WriteString("modeSource", r.ModeSource);
        w.WriteString("csrfSource", r.CsrfSource);
        w.WriteString("signInSource", r.SignInSource);
        w.WriteStartArray("found");
        foreach (var h in r.Found)
        {
            w.WriteStringValue(h);
        }

        w.WriteEndArray();
        w.WriteStartArray("missing");
        foreach (var h in r.Missing)
        {
            w.WriteStringValue(h);
        }

        w.WriteEndArray();
        w.WriteNumber("switchErrors", r.SwitchErrors);
        w.WriteEndObject();
    }

    private static string? OneOf(JsonElement root, string name, IReadOnlyList<string> allowed, bool required = false)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid(name, "is required") : null;
        }

        var text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return text is not null && allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Invalid(name, $"must be one of: {string.Join(", ", allowed)}");
    }

    private static string? Optional(JsonElement root, string name, Regex pattern)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return text is not null && pattern.IsMatch(text) ? text : throw Invalid(name, "is not in the expected form");
    }

    private static List<string> HookList(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > Hooks.Count)
        {
            throw Invalid(name, $"must be a list of at most {Hooks.Count} hook names");
        }

        var list = new List<string>();
        var i = 0;
        foreach (var e in v.EnumerateArray())
        {
            var text = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (text is null || !Hooks.Contains(text, StringComparer.Ordinal))
            {
                throw Invalid($"{name}[{i}]", $"must be one of: {string.Join(", ", Hooks)}");
            }

            if (list.Contains(text, StringComparer.Ordinal))
            {
                throw Invalid($"{name}[{i}]", $"'{text}' is listed twice");
            }

            list.Add(text);
            i++;
        }

        return list;
    }

    private static HostException Invalid(string field, string problem) => new(ErrorCode.InvalidField, $"{field}: {problem}", field);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next report overwrites its own temporary file.
        }
    }

    /// <summary>A short human summary for <c>switchrole doctor</c>.</summary>
    public static string Describe(DiagnosticsReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{r.ReceivedAt}, {r.ConsoleHost ?? "unknown console host"}, {r.Mode} console");
        sb.Append(CultureInfo.InvariantCulture, $"; found: {(r.Found.Count == 0 ? "none" : string.Join(", ", r.Found))}");
        sb.Append(CultureInfo.InvariantCulture, $"; missing: {(r.Missing.Count == 0 ? "none" : string.Join(", ", r.Missing))}");
        sb.Append(CultureInfo.InvariantCulture, $"; csrf from {r.CsrfSource}, sign-in host from {r.SignInSource}");
        if (r.SwitchErrors > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; {r.SwitchErrors} failed switch(es)");
        }

        sb.Append(CultureInfo.InvariantCulture, $"; extension {r.ExtensionVersion ?? "unknown"}, host {r.HostVersion}");
        return sb.ToString();
    }

    [GeneratedRegex("^[0-9A-Za-z.+-]{1,32}$")]
    private static partial Regex VersionText();

    // {session}.{region}.console.aws.amazon.com and the like: placeholders only, never the labels themselves.
    [GeneratedRegex(@"^(?:\{(?:session|region|other)\}\.){0,3}console\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn|amazonaws-eusc\.eu)$")]
    private static partial Regex HostPattern();
}

/// <summary>One browser's last report of the console hooks it found (stored as <c>diagnostics-&lt;browser&gt;.json</c>).</summary>
public sealed record DiagnosticsReport(
    string Browser,
    string ReceivedAt,
    string? ExtensionVersion,
    string HostVersion,
    string? ConsoleHost,
    string Mode,
    string ModeSource,
    string CsrfSource,
    string SignInSource,
    IReadOnlyList<string> Found,
    IReadOnlyList<string> Missing,
    int SwitchErrors);
