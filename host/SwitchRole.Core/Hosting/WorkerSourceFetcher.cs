using System.Text.Json;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Hosting;

/// <summary>
/// Team-source reads in the browser-started host: files here, everything else (HTTPS, S3, Organizations) through a
/// <c>worker.fetch</c> to a short-lived worker, within <see cref="NetworkWorker.FetchTimeout"/>. Parsing and applying
/// stay here, as in the CLI. Every failure is a <see cref="FetchStatus.Failed"/> outcome with a sentence.
/// </summary>
public sealed class WorkerSourceFetcher(NetworkWorker worker) : ISourceFetcher
{
    public async Task<FetchOutcome> FetchAsync(TeamSource source, bool conditional, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kind == SourceKind.File)
        {
            return FileSourceReader.Read(source.Location);
        }

        var request = new WorkerFetchRequest(
            source.Kind.KindName(),
            source.Location,
            conditional ? source.ETag : null,
            conditional ? source.LastModified : null);
        var frame = BuildFrame(request);
        using var body = new MemoryStream();
        WorkerFetchResult? result = null;
        string? garbage = null;
        var failure = await worker.RelayAsync(frame, reply =>
        {
            using var document = JsonDocument.Parse(reply);
            var root = document.RootElement;
            if (root.TryGetProperty("chunk", out var chunk) && chunk.ValueKind == JsonValueKind.String)
            {
                var bytes = chunk.GetBytesFromBase64();
                if (body.Length + bytes.Length > TextInput.MaxBytes)
                {
                    garbage = $"the answer is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list";
                    return Task.CompletedTask;
                }

                body.Write(bytes);
            }
            else if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True && root.TryGetProperty("result", out var r))
            {
                result = r.Deserialize(WorkerJsonContext.Default.WorkerFetchResult);
            }
            else if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message))
            {
                garbage = message.GetString();
            }

            return Task.CompletedTask;
        }, NetworkWorker.FetchTimeout, $"read of source {source.Name}", cancellationToken).ConfigureAwait(false);

        if (failure is not null)
        {
            return FetchOutcome.Fail($"{source.DisplayLocation}: {failure.Message}");
        }

        if (garbage is not null || result is null)
        {
            return FetchOutcome.Fail($"{source.DisplayLocation}: {garbage ?? "SwitchRole's network helper gave no result"}");
        }

        return result.Status switch
        {
            "fetched" when body.Length == result.Length => new FetchOutcome(FetchStatus.Fetched, FetchedContent.Of(body.ToArray(), result.ETag, result.LastModified), null),
            "fetched" => FetchOutcome.Fail($"{source.DisplayLocation}: SwitchRole's network helper sent {body.Length} of {result.Length} bytes"),
            "notModified" => new FetchOutcome(FetchStatus.NotModified, null, null),
            _ => FetchOutcome.Fail(result.Error ?? $"{source.DisplayLocation}: the read failed"),
        };
    }

    public void Dispose()
    {
    }

    private static byte[] BuildFrame(WorkerFetchRequest request)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("id", 1);
            w.WriteString("action", NetworkActions.Fetch);
            w.WritePropertyName("source");
            JsonSerializer.Serialize(w, request, WorkerJsonContext.Default.WorkerFetchRequest);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
