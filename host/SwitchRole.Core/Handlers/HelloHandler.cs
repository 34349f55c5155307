using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary><c>hello</c>: versions, capabilities and where the data lives. Answers even when the database is unusable.</summary>
public sealed class HelloHandler(HostSession session, IReadOnlyList<string> capabilities) : IRequestHandler
{
    public string Action => "hello";

    public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        _ = request.Read(ProtocolJsonContext.Default.HelloRequest);
        var revision = session.HasStore ? session.Store.GetRevision() : 0;
        var result = new HelloResult(session.HostVersion, ProtocolInfo.Version, capabilities, session.Paths.DatabasePath, revision, session.DatabaseError);
        return responder.SendResultAsync(result, ProtocolJsonContext.Default.HelloResult, cancellationToken);
    }
}
