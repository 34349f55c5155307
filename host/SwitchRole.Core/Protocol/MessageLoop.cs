using System.Diagnostics;
using System.Text.Json;
using Serilog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Protocol;

/// <summary>
/// Reads requests one at a time, dispatches each to its handler, and is the single place where any failure
/// becomes one error response. Only an oversized frame or the end of input ends the loop.
/// </summary>
public sealed class MessageLoop(FrameReader reader, FrameWriter writer, IReadOnlyDictionary<string, IRequestHandler> handlers, ILogger log) : IDisposable
{
    /// <summary>Runs once, after the first frame is answered: work that must not delay a browser's first reply.</summary>
    public Action? AfterFirstFrame { get; init; }

    /// <summary>
    /// Asked for a handler when an action is not in the table (the browser-started host relays every <c>aws.*</c> and
    /// <c>sso.*</c> action to its network worker, which knows them); null keeps the <see cref="ErrorCode.UnknownAction"/> answer.
    /// </summary>
    public Func<string, IRequestHandler?>? ResolveUnknown { get; init; }

    /// <summary>Told the sentence when a request finds the database unusable (disk full, read-only, corrupt), so hello can report it.</summary>
    public Action<string>? StoreFailed { get; init; }

    /// <summary>
    /// Longest id echoed back, in characters (a number's JSON text counts too): longer ones are refused, so an id
    /// cannot push a response over the browsers' 1 MiB frame cap.
    /// </summary>
    public const int MaxIdLength = 64;

    /// <summary>A request's JSON: a member given twice is refused, not silently resolved to one of its values.</summary>
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowDuplicateProperties = false };

    private static readonly JsonElement NullId = JsonDocument.Parse("null").RootElement;

    /// <summary>
    /// How long the end of input lets requests still on the network finish before cancelling them. Half a second
    /// keeps the exit within the second PROTOCOL.md allows; tests whose fake servers always answer wait longer.
    /// </summary>
    public TimeSpan NetworkRequestGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan CancelledRequestGrace = TimeSpan.FromMilliseconds(250);

    private readonly HashSet<Task> _networkRequests = [];
    private readonly CancellationTokenSource _stopNetworkRequests = new();
    private bool _firstFrameDone;

    /// <summary>Runs until end of input (returns 0) or an oversized frame (returns 1).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            byte[]? frame;
            try
            {
                frame = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FrameTooLargeException ex)
            {
                log.Warning("Refused an inbound frame of {Length} bytes; exiting", ex.Length);
                await new Responder(writer, NullId).SendErrorAsync(ErrorCode.FrameTooLarge, ex.Message, null, cancellationToken).ConfigureAwait(false);
                await StopNetworkRequestsAsync().ConfigureAwait(false);
                return 1;
            }

            if (frame is null)
            {
                log.Information("Input closed; exiting");
                await StopNetworkRequestsAsync().ConfigureAwait(false);
                return 0;
            }

            try
            {
                await HandleFrameAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The last line of defence: a frame that defeats every check above still must not end the host.
                log.Error(ex, "A frame could not be answered");
                await TrySendAsync(ErrorCode.InternalError, $"the request could not be answered ({ex.GetType().Name}); details are in the SwitchRole log", cancellationToken).ConfigureAwait(false);
            }

            RunAfterFirstFrame();
        }
    }

    private void RunAfterFirstFrame()
    {
        if (!_firstFrameDone)
        {
            _firstFrameDone = true;
            AfterFirstFrame?.Invoke();
        }
    }

    private async Task HandleFrameAsync(byte[] frame, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, ParseOptions);
        }
        catch (JsonException ex) when (DuplicateKey(ex) is { } duplicate)
        {
            await new Responder(writer, NullId).SendErrorAsync(ErrorCode.InvalidJson, $"the request has the key '{duplicate}' more than once; each member may appear once", null, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            var where = ex is JsonException { BytePositionInLine: { } position, LineNumber: { } line } ? $" (line {line + 1}, byte {position + 1})" : "";
            await new Responder(writer, NullId).SendErrorAsync(ErrorCode.InvalidJson, $"the frame is not valid UTF-8 JSON{where}", null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var handedOff = false;
        try
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await new Responder(writer, NullId).SendErrorAsync(ErrorCode.InvalidJson, $"the frame must be a JSON object, got {root.ValueKind}", null, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!root.TryGetProperty("id", out var id) || IdLength(id) is not (>= 0 and <= MaxIdLength))
            {
                var got = IdLength(id) is > MaxIdLength and var length ? $", got {length}" : "";
                await new Responder(writer, NullId).SendErrorAsync(ErrorCode.MissingId, $"id: must be a number or a string of at most {MaxIdLength} characters{got}", "id", cancellationToken).ConfigureAwait(false);
                return;
            }

            var responder = new Responder(writer, id);
            var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : null;
            if (action is null || !(handlers.TryGetValue(action, out var handler) || (handler = ResolveUnknown?.Invoke(action)) is not null))
            {
                var shown = action is null ? "missing" : $"'{RoleValidator.Printable(action)}' is not known";
                await responder.SendErrorAsync(ErrorCode.UnknownAction, $"action: {shown}; known actions: {string.Join(", ", handlers.Keys.Order(StringComparer.Ordinal))}", "action", cancellationToken).ConfigureAwait(false);
                return;
            }

            var request = new Request(action, root);
            if (handler.WaitsOnNetwork)
            {
                // Answered whenever the network answers; the request's JSON lives until then.
                handedOff = true;
                TrackNetworkRequest(Task.Run(async () =>
                {
                    using (document)
                    {
                        await RespondAsync(handler, request, responder, _stopNetworkRequests.Token).ConfigureAwait(false);
                    }
                }, CancellationToken.None));
                return;
            }

            await RespondAsync(handler, request, responder, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!handedOff)
            {
                document.Dispose();
            }
        }
    }

    private async Task RespondAsync(IRequestHandler handler, Request request, Responder responder, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (code, message, field) = await InvokeAsync(handler, request, responder, cancellationToken).ConfigureAwait(false);
        if (code is { } failed)
        {
            await responder.SendErrorAsync(failed, message!, field, cancellationToken).ConfigureAwait(false);
        }

        // Before this request's log line: the first line builds the logging pipeline, which the deferred
        // start-up work can then do in parallel.
        RunAfterFirstFrame();

        log.Information("{Action} {Outcome} in {Elapsed:0.0} ms", request.Action, code?.ToString() ?? "ok", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void TrackNetworkRequest(Task task)
    {
        lock (_networkRequests)
        {
            _networkRequests.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_networkRequests)
                {
                    _networkRequests.Remove(done);
                }

                if (done.Exception is { } failure)
                {
                    log.Error(failure.GetBaseException(), "A network request failed after its answer");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public void Dispose() => _stopNetworkRequests.Dispose();

    /// <summary>
    /// Input ended: requests still on the network may finish (piped input such as <c>switchrole serve &lt; file</c>
    /// ends before their answers), then are cancelled, all within the second the end of input allows.
    /// </summary>
    private async Task StopNetworkRequestsAsync()
    {
        Task[] pending;
        lock (_networkRequests)
        {
            pending = [.. _networkRequests];
        }

        if (pending.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(pending);
        if (await Task.WhenAny(all, Task.Delay(NetworkRequestGrace, CancellationToken.None)).ConfigureAwait(false) == all)
        {
            return;
        }

        // Committed writes are kept whatever happens; the exit must not wait on a slow server.
        await _stopNetworkRequests.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(all, Task.Delay(CancelledRequestGrace, CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task<(ErrorCode? Code, string? Message, string? Field)> InvokeAsync(IRequestHandler handler, Request request, Responder responder, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(request, responder, cancellationToken).ConfigureAwait(false);
            return (null, null, null);
        }
        catch (HostException ex)
        {
            return (ex.Code, ex.Message, ex.Field);
        }
        catch (ValidationException ex)
        {
            return (ErrorCode.InvalidField, ex.Message, ex.Field);
        }
        catch (StoreBusyException ex)
        {
            log.Warning(ex, "{Action}: database busy", request.Action);
            return (ErrorCode.DatabaseBusy, ex.Message, null);
        }
        catch (Exception ex) when (StoreFailure.Describe(ex) is { } sentence)
        {
            // Disk full, read-only, corrupt or gone: one sentence for this request, and hello reports it from now on.
            log.Error("{Action}: database unavailable: {Message}", request.Action, sentence);
            StoreFailed?.Invoke(sentence);
            return (ErrorCode.DatabaseUnavailable, sentence, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            log.Error(ex, "{Action} failed", request.Action);
            return (ErrorCode.InternalError, $"internal error in {request.Action} ({ex.GetType().Name}); details are in the SwitchRole log", null);
        }
    }

    /// <summary>Characters of a number or string id (a number's JSON text is ASCII); -1 for any other kind.</summary>
    private static int IdLength(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.Number => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(id).Length,
        JsonValueKind.String => id.GetString()!.Length,
        _ => -1,
    };

    /// <summary>The key named by a duplicate-member refusal, made printable; null for any other JSON error.</summary>
    private static string? DuplicateKey(JsonException ex)
    {
        // System.Text.Json says "Duplicate property 'name' encountered during deserialization..." (its wording, not ours).
        const string Marker = "Duplicate property '";
        var message = ex.Message;
        var start = message.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        var end = message.IndexOf('\'', start);
        return RoleValidator.Printable(end < 0 ? message[start..] : message[start..end]);
    }

    private async Task TrySendAsync(ErrorCode code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await new Responder(writer, NullId).SendErrorAsync(code, message, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            log.Warning(ex, "The error frame could not be sent either");
        }
    }
}
