using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace SwitchRole.Core.Logging;

/// <summary>
/// A sink that hands events to one background thread, which opens the log file and writes them in order. A
/// browser's request is then never kept waiting for the log file or for formatting a line. The thread starts with
/// the sink, that is with the logging pipeline, which <see cref="LazyLogger"/> builds at the first event: in the
/// browser-started host that is the start-up thread's first line, so the loop answering the browser never waits
/// for a thread to start (on a virtual machine that wait is over a millisecond).
/// </summary>
internal sealed class DeferredSink : ILogEventSink, IDisposable
{
    private readonly BlockingCollection<LogEvent> _queue = new(boundedCapacity: 10_000);
    private readonly Func<Logger> _create;
    private readonly Thread _writer;

    public DeferredSink(Func<Logger> create)
    {
        _create = create;
        // A plain thread, not the thread pool: starting the pool costs the host two thread creations up front.
        _writer = new Thread(Drain)
        {
            IsBackground = true,
            Name = "SwitchRole log writer",
        };
        _writer.Start();
    }

    // A full queue means the disk is stuck; dropping a log line beats blocking the browser.
    public void Emit(LogEvent logEvent) => _queue.TryAdd(logEvent);

    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(2));
        _queue.Dispose();
    }

    /// <summary>
    /// Writes the queue to the file until the end. Nothing may escape this thread: an exception here would abort the
    /// process (a full disk made the final flush, in the logger's Dispose, throw IOException while the host exited).
    /// A log that cannot be written loses lines, never the host.
    /// </summary>
    private void Drain()
    {
        Logger? logger = null;
        try
        {
            logger = _create();
            foreach (var logEvent in _queue.GetConsumingEnumerable())
            {
                try
                {
                    logger.Write(logEvent);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    // The line is lost; the next one may fit again once space is freed.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
        {
            // Opening the file failed, or the queue was disposed under us at exit: stop logging, keep serving.
        }
        finally
        {
            SafeDispose(logger);
        }
    }

    /// <summary>Disposes a logger whose final flush may fail (disk full); the failure is dropped.</summary>
    internal static void SafeDispose(Logger? logger)
    {
        try
        {
            logger?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Nothing left to tell: the log is what failed.
        }
    }
}
