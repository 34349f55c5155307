using System.Text.Json;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;
using SwitchRole.Network.Sources;

namespace SwitchRole.Network.Worker;

/// <summary>
/// <c>worker.fetch</c>: reads one network source (HTTPS, S3, Organizations) for the browser-started host and sends
/// its bytes back in base64 chunks, then the outcome. Only the worker knows this action; a browser cannot reach it.
/// </summary>
public sealed class WorkerFetchHandler(SourceFetchOptions options) : IRequestHandler
{
    /// <summary>Raw bytes per chunk: 512 KiB is about 700 KB of base64, well under the 1 MiB frame cap.</summary>
    private const int ChunkBytes = 512 * 1024;

    public string Action => NetworkActions.Fetch;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        if (!request.Root.TryGetProperty("source", out var element) || element.Deserialize(WorkerJsonContext.Default.WorkerFetchRequest) is not { } body)
        {
            throw new HostException(ErrorCode.InvalidField, "source: missing", "source");
        }

        var kind = AwsSourceLocation.ParseKindName(body.Kind);
        if (kind == SourceKind.File)
        {
            throw new HostException(ErrorCode.InvalidField, "source.kind: the worker reads only url, s3 and organizations sources", "source.kind");
        }

        var source = new TeamSource("worker", body.Location, kind, "auto", null, DateTimeOffset.UtcNow, body.ETag, body.LastModified, null, null, null, null, null, null, 0);
        using var fetcher = new SourceFetcher(options);
        var outcome = await fetcher.FetchAsync(source, conditional: body.ETag is not null || body.LastModified is not null, cancellationToken).ConfigureAwait(false);
        var bytes = outcome.Content?.Bytes ?? [];
        var id = request.Root.GetProperty("id");
        for (var offset = 0; offset < bytes.Length; offset += ChunkBytes)
        {
            await responder.ForwardAsync(Chunk(id, bytes.AsSpan(offset, Math.Min(ChunkBytes, bytes.Length - offset))), cancellationToken).ConfigureAwait(false);
        }

        var status = outcome.Status switch
        {
            FetchStatus.Fetched => "fetched",
            FetchStatus.NotModified => "notModified",
            _ => "failed",
        };
        var result = new WorkerFetchResult(status, outcome.Error, outcome.Content?.ETag, outcome.Content?.LastModified, bytes.Length);
        await responder.SendResultAsync(result, WorkerJsonContext.Default.WorkerFetchResult, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Chunk(JsonElement id, ReadOnlySpan<byte> bytes)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>((bytes.Length * 4 / 3) + 64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            id.WriteTo(w);
            w.WriteBase64String("chunk", bytes);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
