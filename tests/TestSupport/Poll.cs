namespace SwitchRole.TestSupport;

/// <summary>
/// The one way tests wait: for a condition, checked until a deadline, never for a fixed time. A test that expects
/// something not to happen waits for the event that would have to come first instead (a reply, an exit, a log line).
/// </summary>
public static class Poll
{
    /// <summary>How often a condition is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>The first non-null value <paramref name="probe"/> gives before <paramref name="timeout"/>, or null.</summary>
    public static Task<T?> UntilAsync<T>(Func<T?> probe, TimeSpan timeout, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        return UntilAsync(() => Task.FromResult(probe()), timeout, cancellationToken);
    }

    /// <summary>The first non-null value <paramref name="probe"/> gives before <paramref name="timeout"/>, or null; for probes that ask something (a request to a host) each time.</summary>
    public static async Task<T?> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test naming <paramref name="what"/> when it does not within <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, what, cancellationToken);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (asked afresh each time); fails the test naming <paramref name="what"/> when it does not within <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var held = await UntilAsync(async () => await condition() ? (object)true : null, timeout, cancellationToken);
        Assert.True(held is not null, $"{what} did not happen within {timeout.TotalSeconds:0.#} s");
    }
}
