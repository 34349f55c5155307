using System.Text.Json.Serialization;

namespace SwitchRole.Core.Hosting;

/// <summary>One source of a <c>worker.sync</c>: its name, and how old its last attempt may be before it is fetched again.</summary>
public sealed record WorkerSyncItem(string Name, long MinAgeSeconds);

/// <summary>
/// <c>worker.sync</c>, host to worker only (never from a browser): sync these team sources, each in turn, as the
/// host's scheduler found them due. The worker reads, parses and merges them into the store and logs each outcome.
/// </summary>
public sealed record WorkerSyncRequest(IReadOnlyList<WorkerSyncItem> Sources);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkerSyncRequest))]
public sealed partial class WorkerJsonContext : JsonSerializerContext;

/// <summary>Which actions run in the network worker rather than in the browser-started host.</summary>
public static class NetworkActions
{
    /// <summary>The worker's own action for the scheduler's team-source syncs; the browser-started host never accepts it from a browser.</summary>
    public const string Sync = "worker.sync";

    /// <summary>
    /// The network actions a browser can call, listed in <c>hello</c>'s capabilities. Each must also have a handler
    /// registered on the worker's side (SwitchRole.Network/Handlers/NetworkHandlers.cs). They wait on AWS, so the
    /// host answers other requests meanwhile.
    /// </summary>
    public static readonly IReadOnlyList<string> Names = ["aws.check", "aws.signinUrl", "sso.accounts", "sso.sessions", "sso.signinUrl"];

    /// <summary>
    /// Store actions the browser-started host also hands to the worker, whole: they parse or write team files and
    /// import formats (CSV, INI, AESR, backups) or read team sources on the network, so that code (and its start-up
    /// cost) stays out of the process every browser connect starts. They stay in turn like every write: a request
    /// sent after one of them sees its result. The worker runs Core's own handlers for them.
    /// </summary>
    public static readonly IReadOnlyList<string> StoreNames =
        ["backup", "export", "import.apply", "import.preview", "restore.apply", "restore.preview", "sources.add", "sources.sync"];

    /// <summary>Every <c>aws.*</c> and <c>sso.*</c> action goes to the worker, listed or not: the worker knows them.</summary>
    public static bool IsNetwork(string action) =>
        action.StartsWith("aws.", StringComparison.Ordinal) || action.StartsWith("sso.", StringComparison.Ordinal);
}
