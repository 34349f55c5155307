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

    /// <summary>
    /// Like <see cref="Create"/>, but nothing is built until the first event, and the log file is opened and written
    /// on a worker thread: a browser's first reply waits for none of it.
    /// </summary>
    public static LazyLogger CreateDeferred(AppPaths paths, string processKind)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new LazyLogger(() => Configure(processKind).WriteTo.Sink(new DeferredSink(() => CreateFileLogger(paths))).CreateLogger());
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
            // 0700; the files in it are born 0600 through the process mask (ProcessUmask), since Serilog creates them.
            PrivateFiles.EnsureDirectory(paths.LogDirectory);
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
