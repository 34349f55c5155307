using System.Text;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Core.Storage;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

/// <summary>Issue 13, item 6: a team source cannot flood the store, and its errors never quote the file.</summary>
public sealed class SourceLimitsTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly SourceFetcher _fetcher = new(new SourceFetchOptions { Timeout = TimeSpan.FromSeconds(5) });
    private readonly RoleStore _store;
    private readonly SourceSyncer _syncer;

    public SourceLimitsTests()
    {
        _store = _home.OpenStore();
        _syncer = new SourceSyncer(_store, _fetcher);
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task Sync_MoreThan20000Entries_IsRefusedWholeNamingTheLimitAndKeepsTheLastGoodEntries()
    {
        var path = TeamFiles.Write(_home, Entries(2));
        await _syncer.AddAsync("platform", path);
        await File.WriteAllTextAsync(path, Entries(SourceSyncer.MaxEntries + 1));

        var report = await _syncer.SyncAsync("platform");

        Assert.Equal(SyncStatus.Failed, report.Status);
        Assert.Contains("limit of 20000", report.Error, StringComparison.Ordinal);
        Assert.Equal(2, _store.List().Roles.Count);
    }

    [Fact]
    public async Task Add_PasswdFileAndKeyLikeValues_ErrorsNameLinesAndFieldsButNeverTheText()
    {
        var path = TeamFiles.Write(_home, "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", "passwd");
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _syncer.AddAsync("passwd", path));
        Assert.DoesNotContain("root:x", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/bin/bash", ex.Message, StringComparison.Ordinal);

        var good = TeamFiles.Write(_home, Entries(1), "keys.ini");
        await _syncer.AddAsync("keys", good);
        await File.WriteAllTextAsync(good, "[AKIAIOSFODNN7EXAMPLE]\naws_account_id = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\nrole_name = Admin\n");
        var report = await _syncer.SyncAsync("keys");

        Assert.Equal(SyncStatus.Failed, report.Status);
        Assert.Contains("keys.ini:2", report.Error, StringComparison.Ordinal);
        foreach (var secret in new[] { "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY" })
        {
            Assert.DoesNotContain(secret, report.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, SourceStore.Find(_store, "keys")!.LastError, StringComparison.Ordinal);
        }
    }

    private static string Entries(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"[p{i}]\naws_account_id = {100000000000 + i}\nrole_name = Admin\n\n");
        }

        return text.ToString();
    }
}
