using Microsoft.Data.Sqlite;

namespace SwitchRole.Core.Storage;

/// <summary>
/// Notices commits by any process. <c>PRAGMA data_version</c> changes on a connection only when another
/// connection committed, so a dedicated long-lived connection polls it (cheap in WAL: it reads the shm header)
/// and, when it moves, reads the revision and reports it if it is new.
/// </summary>
public sealed class ChangeWatcher : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _dataVersion;
    private readonly SqliteCommand _revision;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private long _lastDataVersion;

    private readonly Action<Exception>? _onError;

    private ChangeWatcher(SwitchRoleDatabase database, long knownRevision, Func<long, Task> onChanged, TimeSpan interval, Action<Exception>? onError)
    {
        _onError = onError;
        _connection = database.Connect();
        _dataVersion = _connection.CreateCommand();
        _dataVersion.CommandText = "PRAGMA data_version";
        _revision = _connection.CreateCommand();
        _revision.CommandText = "SELECT value FROM meta WHERE key = 'revision'";
        _lastDataVersion = (long)_dataVersion.ExecuteScalar()!;
        LastRevision = knownRevision;
        _timer = new PeriodicTimer(interval);
        _loop = RunAsync(onChanged, _stop.Token);
    }

    /// <summary>The newest revision reported (or known at start).</summary>
    public long LastRevision { get; private set; }

    /// <summary>
    /// Starts watching; <paramref name="onChanged"/> gets each new revision, one call at a time. Failures (a busy or
    /// failing read, a throwing callback) go to <paramref name="onError"/> and the watching goes on.
    /// </summary>
    public static ChangeWatcher Start(SwitchRoleDatabase database, long knownRevision, Func<long, Task> onChanged, TimeSpan? interval = null, Action<Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(onChanged);
        return new ChangeWatcher(database, knownRevision, onChanged, interval ?? DefaultInterval, onError);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the timer ends a pending wait quietly; cancelling it instead would throw, and a cancelled
        // PeriodicTimer captures a stack trace string, which costs NativeAOT a few milliseconds at every exit.
        _timer.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _dataVersion.Dispose();
        _revision.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(Func<long, Task> onChanged, CancellationToken cancellationToken)
    {
        // The first pass compares the revision straight away: a commit between the caller learning
        // knownRevision and this connection's first data_version reading would otherwise go unreported.
        var first = true;
        while (first || await _timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var forced = first;
            first = false;
            long revision;
            try
            {
                var dataVersion = (long)_dataVersion.ExecuteScalar()!;
                if (!forced && dataVersion == _lastDataVersion)
                {
                    continue;
                }

                revision = (long)_revision.ExecuteScalar()!;
                // Only now: had the revision read failed, the next tick must still see this change as new.
                _lastDataVersion = dataVersion;
            }
            catch (SqliteException ex)
            {
                // Busy past busy_timeout, or any other failed read: look again on the next tick. The loop must not
                // end, or this host would never announce a change again.
                _onError?.Invoke(ex);
                continue;
            }

            if (revision > LastRevision)
            {
                LastRevision = revision;
                try
                {
                    await onChanged(revision).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    _onError?.Invoke(ex);
                }
            }
        }
    }
}
