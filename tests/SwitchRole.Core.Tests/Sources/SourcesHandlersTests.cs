using System.Text.Json;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Sources;

/// <summary>sources.list, sources.add, sources.sync and sources.remove through the real message loop.</summary>
public sealed class SourcesHandlersTests
{
    [Fact]
    public async Task AddListSyncRemove_FileSource_RoundTripsThroughTheProtocol()
    {
        using var home = new TempHome();
        var path = JsonSerializer.Serialize(TeamFiles.Write(home, TeamFiles.TwoRoles));

        var (_, replies) = await RunAsync(home, [
            Frame($$"""{"id":1,"action":"sources.add","name":"platform","location":{{path}}}"""),
            Frame("""{"id":2,"action":"sources.list"}"""),
            Frame("""{"id":3,"action":"sources.sync","name":"platform"}"""),
            Frame("""{"id":4,"action":"roles.upsert","role":{"accountId":"111111111111","roleName":"Admin","color":"0000ff"}}"""),
            Frame("""{"id":5,"action":"sources.sync"}"""),
            Frame("""{"id":6,"action":"roles.list"}"""),
            Frame("""{"id":7,"action":"sources.remove","name":"platform"}"""),
        ]);

        var added = replies[0]["result"]!;
        Assert.Equal(("applied", 2), ((string)added["status"]!, added["added"]!.AsArray().Count));
        var listed = replies[1]["result"]!["sources"]!.AsArray().Single()!;
        Assert.Equal(("platform", "file", "ok", 2, 15), ((string)listed["name"]!, (string)listed["kind"]!, (string)listed["status"]!, (int)listed["entryCount"]!, (int)listed["intervalMinutes"]!));
        Assert.Equal(2, (int)replies[2]["result"]!["results"]![0]!["unchanged"]!);
        Assert.Equal("applied", (string)replies[4]["result"]!["results"]![0]!["status"]!);
        var prod = replies[5]["result"]!["roles"]!.AsArray().Single(r => (string)r!["accountId"]! == "111111111111")!;
        Assert.Equal(("0000ff", "team:platform"), ((string)prod["color"]!, (string)prod["origin"]!));
        Assert.Equal(2, (int)replies[6]["result"]!["removed"]!);
    }

    [Fact]
    public async Task Add_RelativePath_IsInvalidField()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"sources.add","name":"platform","location":"team.ini"}""")]);

        var error = replies[0]["error"]!;
        Assert.Equal(("InvalidField", "location"), ((string)error["name"]!, (string)error["field"]!));
        Assert.Contains("absolute path", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAndRemove_UnknownName_AreNotFound()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"sources.sync","name":"nope"}"""),
            Frame("""{"id":2,"action":"sources.remove","name":"nope"}"""),
        ]);

        Assert.All(replies, r => Assert.Equal(("NotFound", "name"), ((string)r["error"]!["name"]!, (string)r["error"]!["field"]!)));
    }

    [Fact]
    public async Task List_UrlWithToken_ShowsItRedacted()
    {
        using var home = new TempHome();
        using var certificates = TestCertificates.Create();
        await using var server = LoopbackHttpsServer.Start(certificates.Server, _ => Reply.Ok(TeamFiles.TwoRoles));
        using (var fetcher = new Network.Sources.SourceFetcher(new() { TrustedRoots = certificates.Roots }))
        {
            await new Core.Sources.SourceSyncer(home.OpenStore(), fetcher).AddAsync("platform", server.Url("roles.ini?token=SECRET"));
        }

        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"sources.list"}""")]);

        Assert.Equal($"https://127.0.0.1:{server.Port}/roles.ini?…", (string)replies[0]["result"]!["sources"]![0]!["location"]!);
    }
}
