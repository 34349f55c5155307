using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SwitchRole.Core.Protocol;

/// <summary>One parsed request: its action and the untrusted JSON object it came in.</summary>
public sealed class Request(string action, JsonElement root)
{
    public string Action { get; } = action;

    public JsonElement Root { get; } = root;

    /// <summary>Reads the parameters; a member of the wrong JSON type becomes <see cref="ErrorCode.InvalidField"/> naming it.</summary>
    public T Read<T>(JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return Root.Deserialize(typeInfo) ?? throw new HostException(ErrorCode.InvalidJson, "the request must be a JSON object");
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) ? null : ex.Path.TrimStart('$', '.');
            throw new HostException(ErrorCode.InvalidField, $"{field ?? "request"}: has the wrong JSON type", field, ex);
        }
    }
}

/// <summary>How the host writes JSON for the browser.</summary>
public static class ProtocolJson
{
    /// <summary>
    /// Escapes only what JSON requires. The default encoder also escapes quotes, &lt; &gt; &amp; and every non-ASCII
    /// character as \uXXXX for HTML safety, which triples exported text on the wire; the extension never puts
    /// host strings into HTML (it sets textContent), so that escaping buys nothing here.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="value"/> as UTF-8 JSON, written with <see cref="WriterOptions"/>.</summary>
    public static byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        Write(writer => JsonSerializer.Serialize(writer, value, typeInfo));

    /// <summary>What <paramref name="write"/> writes (one JSON value), as UTF-8, with <see cref="WriterOptions"/>.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Sends the response frames of one request, echoing its id.</summary>
public sealed class Responder(FrameWriter writer, JsonElement id)
{
    public Task SendResultAsync<T>(T result, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        SendAsync(w =>
        {
            w.WriteBoolean("ok", true);
            w.WritePropertyName("result");
            JsonSerializer.Serialize(w, result, typeInfo);
        }, cancellationToken);

    /// <summary>
    /// Sends a frame another process wrote for this same request (the network worker echoes the request's id), as it
    /// is: the relay adds nothing and changes nothing a browser sees.
    /// </summary>
    public Task ForwardAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(frame, cancellationToken);

    /// <summary>A success frame whose <c>result</c> object the caller writes (for results that arrive in parts).</summary>
    public Task SendResultAsync(Action<Utf8JsonWriter> writeResultMembers, CancellationToken cancellationToken = default) =>
        SendAsync(ResultMembers(writeResultMembers), cancellationToken);

    /// <summary>
    /// A success frame around <paramref name="result"/>, a JSON object already written (by <see cref="PlainJson"/>):
    /// for the first reply of a process, which then builds no encoder. An id the writer would escape goes through
    /// the writer as usual.
    /// </summary>
    public Task SendResultJsonAsync(ReadOnlyMemory<byte> result, CancellationToken cancellationToken = default)
    {
        var rawId = id.ValueKind is JsonValueKind.Number or JsonValueKind.String ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(id) : "null"u8;
        if (rawId.IndexOf((byte)'\\') >= 0 || rawId.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0)
        {
            return SendAsync(w =>
            {
                w.WriteBoolean("ok", true);
                w.WritePropertyName("result");
                w.WriteRawValue(result.Span, skipInputValidation: true);
            }, cancellationToken);
        }

        byte[] frame = [.. "{\"id\":"u8, .. rawId, .. ",\"ok\":true,\"result\":"u8, .. result.Span, (byte)'}'];
        return writer.WriteAsync(frame, cancellationToken);
    }

    /// <summary>
    /// A large success frame (<paramref name="sizeHint"/>: about the result's size in bytes), built in one pooled buffer
    /// instead of one that grows by doubling through fresh arrays.
    /// </summary>
    public async Task SendResultAsync(Action<Utf8JsonWriter> writeResultMembers, int sizeHint, CancellationToken cancellationToken = default)
    {
        using var buffer = new PooledBufferWriter(sizeHint + 256);
        Write(buffer, ResultMembers(writeResultMembers));
        await writer.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static Action<Utf8JsonWriter> ResultMembers(Action<Utf8JsonWriter> writeResultMembers) => w =>
    {
        w.WriteBoolean("ok", true);
        w.WriteStartObject("result");
        writeResultMembers(w);
        w.WriteEndObject();
    };

    public Task SendErrorAsync(ErrorCode code, string message, string? field, CancellationToken cancellationToken = default) =>
        SendAsync(w =>
        {
            w.WriteBoolean("ok", false);
            w.WritePropertyName("error");
            new ErrorBody((int)code, code.ToString(), message, field).WriteTo(w);
        }, cancellationToken);

    private Task SendAsync(Action<Utf8JsonWriter> writeMembers, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        Write(buffer, writeMembers);
        return writer.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    private void Write(System.Buffers.IBufferWriter<byte> buffer, Action<Utf8JsonWriter> writeMembers)
    {
        using (var w = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("id");
            if (id.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            {
                id.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }

            writeMembers(w);
            w.WriteEndObject();
        }
    }
}

/// <summary>One protocol action. Handlers throw <see cref="HostException"/> or <see cref="Model.ValidationException"/> for the caller's mistakes.</summary>
public interface IRequestHandler
{
    string Action { get; }

    /// <summary>
    /// True for read-only actions that wait on AWS (seconds, or minutes for a check of every role): the loop runs
    /// them beside itself and goes on serving, so a menu's list is not held up behind them. Actions that write
    /// stay in turn, so a request sent after a write always sees it.
    /// </summary>
    bool WaitsOnNetwork => false;

    Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken);
}
