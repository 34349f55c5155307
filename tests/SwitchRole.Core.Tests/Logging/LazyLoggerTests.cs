using Serilog;
using Serilog.Core;
using Serilog.Events;
using SwitchRole.Core.Logging;

namespace SwitchRole.Core.Tests.Logging;

public sealed class LazyLoggerTests
{
    [Fact]
    public void Information_FirstCall_BuildsThePipelineOnceAndDeliversEveryEvent()
    {
        var built = 0;
        var sink = new ListSink();
        using var lazy = new LazyLogger(() =>
        {
            built++;
            return new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        });
        ILogger log = lazy;
        Assert.Equal(0, built);

        log.Information("first {Number}", 1);
        log.ForContext("Action", "hello").Warning("second");

        Assert.Equal(1, built);
        Assert.Equal(["first 1", "second"], sink.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("\"hello\"", sink.Events[1].Properties["Action"].ToString());
    }

    [Fact]
    public void Dispose_NeverUsed_BuildsNothing()
    {
        var built = 0;
        var lazy = new LazyLogger(() =>
        {
            built++;
            return new LoggerConfiguration().CreateLogger();
        });

        lazy.Dispose();

        Assert.Equal(0, built);
    }

    private sealed class ListSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
