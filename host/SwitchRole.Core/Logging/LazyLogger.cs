using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SwitchRole.Core.Logging;

/// <summary>
/// A logger that builds its Serilog pipeline at the first call. Building it costs a cold-started host about a
/// tenth of its time to first reply (Serilog reads its own assembly's metadata for its metrics), and the host
/// logs nothing before that reply.
/// </summary>
public sealed class LazyLogger(Func<Logger> create) : ILogger, IDisposable
{
    private readonly Lock _lock = new();
    private Logger? _logger;
    private bool _disposed;

    private Logger Real
    {
        get
        {
            if (_logger is { } logger)
            {
                return logger;
            }

            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _logger ??= create();
            }
        }
    }

    public void Write(LogEvent logEvent) => Real.Write(logEvent);

    public bool IsEnabled(LogEventLevel level) => Real.IsEnabled(level);

    public bool BindMessageTemplate(string messageTemplate, object?[]? propertyValues, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MessageTemplate? parsedTemplate, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<LogEventProperty>? boundProperties) =>
        Real.BindMessageTemplate(messageTemplate, propertyValues, out parsedTemplate, out boundProperties);

    public bool BindProperty(string? propertyName, object? value, bool destructureObjects, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogEventProperty? property) =>
        Real.BindProperty(propertyName, value, destructureObjects, out property);

    public ILogger ForContext(ILogEventEnricher enricher) => Real.ForContext(enricher);

    public ILogger ForContext(IEnumerable<ILogEventEnricher> enrichers) => Real.ForContext(enrichers);

    public ILogger ForContext(string propertyName, object? value, bool destructureObjects = false) => Real.ForContext(propertyName, value, destructureObjects);

    public ILogger ForContext<TSource>() => Real.ForContext<TSource>();

    public ILogger ForContext(Type source) => Real.ForContext(source);

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            DeferredSink.SafeDispose(_logger);
        }
    }
}
