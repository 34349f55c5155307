using System.Runtime.InteropServices;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Hosting;

/// <summary>
/// An action the browser-started host hands to the worker: the whole request goes to a new <c>switchrole worker</c>,
/// whose frames (the answer, under the request's id) go back to the browser unchanged. <paramref name="waitsOnNetwork"/>:
/// an <c>aws.*</c>/<c>sso.*</c> action, answered beside the loop; otherwise a store action, answered in turn.
/// </summary>
public sealed class RelayHandler(string action, NetworkWorker worker, bool waitsOnNetwork = true) : IRequestHandler
{
    public string Action => action;

    public bool WaitsOnNetwork => waitsOnNetwork;

    public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responder);
        var frame = JsonMarshal.GetRawUtf8Value(request.Root).ToArray();
        var failure = await worker.RelayAsync(frame, f => responder.ForwardAsync(f, cancellationToken), NetworkWorker.RequestTimeout, request.Action, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            throw new HostException(failure.Code, failure.Message, failure.Field);
        }
    }
}
