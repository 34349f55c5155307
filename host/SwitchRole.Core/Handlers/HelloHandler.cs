using System.Text.Json;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>hello</c>: versions, capabilities and where the data lives. Answers even when the database is unusable.</summary>
/// <remarks>
/// Read and written by hand, not through <see cref="ProtocolJsonContext"/> (which has no metadata for it): a hello is usually a host's first
/// request, and the serializer's first use (options, converters, type metadata) would add about a fifth to every
/// browser's cold start. The shape is <see cref="HelloRequest"/> and <see cref="HelloResult"/>, as in PROTOCOL.md.
/// </remarks>
public sealed class HelloHandler(HostSession session, IReadOnlyList<string> capabilities) : IRequestHandler
{
    public string Action => "hello";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        // Both optional, for logs only; still refused when of the wrong type, as every request member is.
        RequireOptionalString(request.Root, "browser");
        RequireOptionalString(request.Root, "extensionVersion");
        long revision = 0;
        try
        {
            revision = session.HasStore ? session.Store.GetRevision() : 0;
        }
        catch (Exception ex) when (Storage.StoreFailure.Describe(ex, session.Paths.DatabasePath) is { } sentence)
        {
            // hello always answers: the extension shows why the list is unavailable instead of "host exited".
            session.RecordDatabaseError(sentence);
        }

        var result = new HelloResult(session.HostVersion, ProtocolInfo.Version, capabilities, session.Paths.DatabasePath, revision, session.DatabaseError);
        return responder.SendResultJsonAsync(ResultJson(result), cancellationToken);
    }

    /// <summary>
    /// The result object, assembled without a writer when every string is plain ASCII (the usual case: a path
    /// under the home folder, no error); otherwise written by <see cref="Utf8JsonWriter"/>. The same JSON either way.
    /// </summary>
    internal static ReadOnlyMemory<byte> ResultJson(HelloResult result)
    {
        if (PlainJson.IsPlain(result.HostVersion) && PlainJson.IsPlain(result.DatabasePath) && PlainJson.IsPlain(result.DatabaseError) && result.Capabilities.All(PlainJson.IsPlain))
        {
            var json = new PlainJson(512).Raw("{\"hostVersion\":").Text(result.HostVersion)
                .Raw(",\"protocolVersion\":").Number(result.ProtocolVersion)
                .Raw(",\"capabilities\":[");
            for (var i = 0; i < result.Capabilities.Count; i++)
            {
                json.Raw(i == 0 ? "" : ",").Text(result.Capabilities[i]);
            }

            return json.Raw("],\"databasePath\":").Text(result.DatabasePath)
                .Raw(",\"revision\":").Number(result.Revision)
                .Raw(",\"databaseError\":").Text(result.DatabaseError)
                .Raw("}").Written;
        }

        return ProtocolJson.Write(w =>
        {
            w.WriteStartObject();
            Write(w, result);
            w.WriteEndObject();
        });
    }

    private static void Write(Utf8JsonWriter w, HelloResult result)
    {
        w.WriteString("hostVersion", result.HostVersion);
        w.WriteNumber("protocolVersion", result.ProtocolVersion);
        w.WriteStartArray("capabilities");
        foreach (var capability in result.Capabilities)
        {
            w.WriteStringValue(capability);
        }

        w.WriteEndArray();
        w.WriteString("databasePath", result.DatabasePath);
        w.WriteNumber("revision", result.Revision);
        w.WriteString("databaseError", result.DatabaseError);
    }

    private static void RequireOptionalString(JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new HostException(ErrorCode.InvalidField, $"{name}: has the wrong JSON type", name);
        }
    }
}
