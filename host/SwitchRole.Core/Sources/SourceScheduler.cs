using System.Globalization;
using Serilog;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Sources;

/// <summary>When host mode looks at team sources.</summary>
public sealed record SourceSchedulerOptions
{
    /// <summary>Overrides <see cref="CheckInterval"/> (whole seconds; tests and impatient people).</summary>
    public const string CheckIntervalVariable = "SWITCHROLE_SOURCE_CHECK_SECONDS";

    /// <summary>
    /// How often file stamps (modification time and size) and URL due times are checked. File changes are usually
    /// seen at once through a file-system watcher; this poll is the fallback (network drives, some sync tools).
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At host start a URL is fetched unless any process attempted it this recently (three browsers starting together fetch once).</summary>
    public TimeSpan StartupWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A burst of file events (an editor's save, a git checkout) becomes one read.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>False: only the poll notices file changes (tests of the fallback).</summary>
    public bool WatchFiles { get; init; } = true;

    public static SourceSchedulerOptions FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var options = new SourceSchedulerOptions();
        return int.TryParse(getEnvironmentVariable(CheckIntervalVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? options with { CheckInterval = TimeSpan.FromSeconds(seconds) }
            : options;
    }
}

/// <summary>
/// Host mode's background syncing: a file source is re-read when it changes (file-system watcher, with a poll of
/// its modification time and size as fallback), a URL source is fetched at host start and then every interval,
/// conditionally (If-None-Match). Every host of every browser runs one; the stored attempt time and content hash
/// keep them from doing the same work twice, and each sync is one transaction.
/// </summary>
public sealed class SourceScheduler : IAsyncDisposable
{
    private readonly RoleStore _store;
    private readonly ILogger _log;
    private readonly SourceSchedulerOptions _options;
    private readonly ISourceSync _sync;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Ticks, long Size)?> _stamps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _loop;
    private int _passes;

    private SourceScheduler(RoleStore store, ILogger log, ISourceSync sync, SourceSchedulerOptions options)
    {
        _store = store;
        _log = log;
        _sync = sync;
        _options = options;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Completed passes over all sources (for tests waiting on the scheduler).</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>
    /// Starts watching. Each pass decides here which sources are due (cheap: the stored attempt times and the files'
    /// stamps) and hands only those to <paramref name="sync"/>, which the scheduler then owns.
    /// </summary>
    public static SourceScheduler Start(RoleStore store, ILogger log, ISourceSync sync, SourceSchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(sync);
        return new SourceScheduler(store, log, sync, options ?? new SourceSchedulerOptions());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var watcher in _watchers.Values)
        {
            watcher.Dispose();
        }

        _sync.Dispose();
        _wake.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(first, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A background sync must never take the host down; the error is logged and the next pass retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.Warning(e, "Team source pass failed");
            }

            first = false;
            Interlocked.Increment(ref _passes);
            if (await _wake.WaitAsync(_options.CheckInterval, cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(_options.Debounce, cancellationToken).ConfigureAwait(false);
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task PassAsync(bool first, CancellationToken cancellationToken)
    {
        var sources = SourceStore.List(_store);
        Watch(sources);
        var now = DateTimeOffset.UtcNow;
        var due = new List<DueSource>();
        foreach (var source in sources)
        {
            if (source.Kind.IsRemote())
            {
                var minAge = first ? _options.StartupWindow : source.EffectiveInterval;
                if (source.LastAttemptAt is not { } attempted || now - attempted >= minAge || attempted > now)
                {
                    due.Add(new DueSource(source.Name, minAge));
                }
            }
            else
            {
                var stamp = Stamp(source.Location);
                var known = _stamps.TryGetValue(source.Name, out var before);
                _stamps[source.Name] = stamp;
                if (first || !known || before != stamp)
                {
                    due.Add(new DueSource(source.Name, TimeSpan.Zero));
                }
            }
        }

        foreach (var gone in _stamps.Keys.Where(name => !sources.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            _stamps.Remove(gone);
        }

        await _sync.SyncAsync(due, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One watcher per watched file (its folder, filtered to its name): renames cover editors and git replacing the file.</summary>
    private void Watch(IReadOnlyList<TeamSource> sources)
    {
        var wanted = sources.Where(s => s.Kind == SourceKind.File).Select(s => s.Location).ToHashSet(StringComparer.Ordinal);
        foreach (var path in _watchers.Keys.Where(p => !wanted.Contains(p)).ToList())
        {
            _watchers[path].Dispose();
            _watchers.Remove(path);
        }

        foreach (var path in wanted.Where(p => _options.WatchFiles && !_watchers.ContainsKey(p)))
        {
            var folder = Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder))
            {
                continue; // The poll notices when it appears; a watcher is tried again next pass.
            }

            try
            {
                var watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
                };
                watcher.Changed += (_, _) => Wake();
                watcher.Created += (_, _) => Wake();
                watcher.Renamed += (_, _) => Wake();
                watcher.Deleted += (_, _) => Wake();
                watcher.EnableRaisingEvents = true;
                _watchers[path] = watcher;
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                _log.Information("Not watching {Path} ({Message}); polling every {Seconds} s instead", path, e.Message, _options.CheckInterval.TotalSeconds);
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static (long Ticks, long Size)? Stamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc.Ticks, info.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
