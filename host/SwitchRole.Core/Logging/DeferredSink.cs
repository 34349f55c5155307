using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace SwitchRole.Core.Logging;

/// <summary>
/// A sink that hands events to one background thread, which opens the log file and writes them in order. A
/// browser's first request is then never kept waiting for the log file or for formatting a line.
/// </summary>
internal sealed class DeferredSink : ILogEventSink, IDisposable
{
    private readonly BlockingCollection<LogEvent> _queue = new(boundedCapacity: 10_000);
    private readonly Thread _writer;

    public DeferredSink(Func<Logger> create)
    {
        // A plain thread, not the thread pool: starting the pool costs the host two thread creations up front.
        _writer = new Thread(() =>
        {
            using var logger = create();
            foreach (var logEvent in _queue.GetConsumingEnumerable())
            {
                logger.Write(logEvent);
            }
        })
        {
            IsBackground = true,
            Name = "SwitchRole log writer",
        };
        _writer.Start();
    }

    public void Emit(LogEvent logEvent)
    {
        // A full queue means the disk is stuck; dropping a log line beats blocking the browser.
        _queue.TryAdd(logEvent);
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(2));
        _queue.Dispose();
    }
}
