using Serilog;
using Serilog.Core;

namespace SwitchRole.Core.Logging;

/// <summary>Serilog to a rolling, size-capped file under the data folder. Never stdout: in host mode stdout carries frames only.</summary>
public static class LoggingSetup
{
    public const long FileSizeLimitBytes = 2 * 1024 * 1024;
    public const int RetainedFileCountLimit = 5;

    /// <summary>Creates the file logger; falls back to a silent logger when the folder is not writable, so logging never stops the host.</summary>
    public static Logger Create(AppPaths paths, string processKind) => Configure(processKind).WriteTo.Logger(CreateFileLogger(paths)).CreateLogger();

    /// <summary>Like <see cref="Create"/>, but the log file is opened on a worker thread: host start-up does not wait for it.</summary>
    public static Logger CreateDeferred(AppPaths paths, string processKind)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sink = new DeferredSink(() => CreateFileLogger(paths));
        return Configure(processKind).WriteTo.Sink(sink).CreateLogger();
    }

    private static LoggerConfiguration Configure(string processKind) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .Enrich.WithProperty("Kind", processKind)
        .Enrich.WithProperty("Pid", Environment.ProcessId);

    private static Logger CreateFileLogger(AppPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        try
        {
            Directory.CreateDirectory(paths.LogDirectory);
            return new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.File(
                    Path.Combine(paths.LogDirectory, "switchrole-.log"),
                    rollingInterval: RollingInterval.Day,
                    fileSizeLimitBytes: FileSizeLimitBytes,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: RetainedFileCountLimit,
                    shared: true,
                    outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {Kind}/{Pid} {Message:lj}{NewLine}{Exception}")
                .CreateLogger();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new LoggerConfiguration().CreateLogger();
        }
    }
}
