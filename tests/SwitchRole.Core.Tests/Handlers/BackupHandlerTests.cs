using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using static SwitchRole.Core.Tests.Handlers.ExportHandlerTests;
using static SwitchRole.Core.Tests.Handlers.ImportPreviewHandlerTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class BackupHandlerTests
{
    [Fact]
    public async Task Backup_HoldsEntriesUsageAndDeletions()
    {
        using var home = new TempHome();
        Seed(home);
        var store = home.OpenStore();
        store.Touch(new RoleKey("111111111111", "Admin"));
        store.Delete(new RoleKey("333333333333", "Auditor"));

        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"backup"}""")]);

        var r = replies[0]["result"]!;
        Assert.Equal(("json", 1, 1), ((string?)r["format"], (int)r["entries"]!, (int)r["deletions"]!));
        Assert.Matches(@"^switchrole-backup-\d{4}-\d\d-\d\d\.json$", (string)r["fileName"]!);
        var parsed = BackupFormat.Parse(Reassemble(replies), new ImportOptions("backup.json"));
        Assert.True(parsed.Ok);
        Assert.Equal(1, Assert.Single(parsed.Entries).History!.UseCount);
        Assert.Equal("333333333333", Assert.Single(parsed.Extras!.Tombstones).AccountId);
    }
}
