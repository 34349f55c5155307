using System.Text.Json.Serialization;

namespace SwitchRole.Core.Hosting;

/// <summary>
/// <c>worker.fetch</c>, host to worker only (never from a browser): read one team source's bytes. <paramref name="Kind"/>
/// is the stored kind (<c>url</c>, <c>s3</c>, <c>organizations</c>); the validators make the read conditional.
/// </summary>
public sealed record WorkerFetchRequest(string Kind, string Location, string? ETag, string? LastModified);

/// <summary>
/// The answer to <c>worker.fetch</c>, after the body's chunks (frames <c>{"id":…,"chunk":"base64"}</c>, each under the
/// 1 MiB frame cap). <paramref name="Status"/>: <c>fetched</c>, <c>notModified</c> or <c>failed</c> (with a sentence safe to show).
/// </summary>
public sealed record WorkerFetchResult(string Status, string? Error, string? ETag, string? LastModified, long Length);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkerFetchRequest))]
[JsonSerializable(typeof(WorkerFetchResult))]
public sealed partial class WorkerJsonContext : JsonSerializerContext;

/// <summary>Which actions run in the network worker rather than in the browser-started host.</summary>
public static class NetworkActions
{
    /// <summary>The worker's own action for team-source reads; the browser-started host never accepts it from a browser.</summary>
    public const string Fetch = "worker.fetch";

    /// <summary>
    /// The network actions a browser can call, listed in <c>hello</c>'s capabilities. Each must also have a handler
    /// registered on the worker's side (SwitchRole.Network/Handlers/NetworkHandlers.cs).
    /// </summary>
    public static readonly IReadOnlyList<string> Names = ["aws.check", "aws.signinUrl", "sso.accounts", "sso.signinUrl"];

    /// <summary>Every <c>aws.*</c> and <c>sso.*</c> action goes to the worker, listed or not: the worker knows them.</summary>
    public static bool IsNetwork(string action) =>
        action.StartsWith("aws.", StringComparison.Ordinal) || action.StartsWith("sso.", StringComparison.Ordinal);
}
