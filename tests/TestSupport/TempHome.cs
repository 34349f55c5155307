using SwitchRole.Core;
using SwitchRole.Core.Storage;

namespace SwitchRole.TestSupport;

/// <summary>A throwaway SWITCHROLE_HOME with a real SQLite file in it.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "swr-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Paths = new AppPaths(Root);
    }

    public string Root { get; }

    public AppPaths Paths { get; }

    public RoleStore OpenStore(TimeProvider? clock = null) => RoleStore.Open(Paths, clock);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
