using System.Threading.Channels;
using SwitchRole.Core.Model;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Tests.Storage;

public sealed class ChangeWatcherTests
{
    [Fact]
    public async Task Start_AnotherConnectionCommits_ReportsTheNewRevision()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var seen = Channel.CreateUnbounded<long>();
        var watcher = ChangeWatcher.Start(store.Database, store.GetRevision(), r => seen.Writer.WriteAsync(r).AsTask(), TimeSpan.FromMilliseconds(20));
        await using (watcher)
        {
            var other = home.OpenStore();
            var written = other.Upsert([RoleValidator.Validate(new RoleInput("111111111111", "Admin"))]).Revision;

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Assert.Equal(written, await seen.Reader.ReadAsync(timeout.Token));

            var deleted = other.Delete(new RoleKey("111111111111", "Admin")).Revision;
            Assert.Equal(deleted, await seen.Reader.ReadAsync(timeout.Token));
        }
    }

    [Fact]
    public async Task Start_UnchangedUpsert_ReportsNothing()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var role = RoleValidator.Validate(new RoleInput("111111111111", "Admin"));
        store.Upsert([role]);
        var seen = Channel.CreateUnbounded<long>();
        var watcher = ChangeWatcher.Start(store.Database, store.GetRevision(), r => seen.Writer.WriteAsync(r).AsTask(), TimeSpan.FromMilliseconds(20));
        await using (watcher)
        {
            store.Upsert([role]); // unchanged: no revision move
            var marker = store.Touch(role.Key)!.Revision;

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            // The first report must be the touch: the unchanged upsert did not produce one.
            Assert.Equal(marker, await seen.Reader.ReadAsync(timeout.Token));
        }
    }
}
