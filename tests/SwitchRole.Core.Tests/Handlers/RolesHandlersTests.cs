using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using static SwitchRole.Core.Tests.Protocol.MessageLoopTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class RolesHandlersTests
{
    [Fact]
    public async Task Hello_ReportsVersionsCapabilitiesPathAndRevision()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":"h","action":"hello","browser":"chrome","extensionVersion":"0.1.0"}""")]);

        var result = Assert.Single(replies)["result"]!;
        Assert.Equal("9.9.9", (string?)result["hostVersion"]);
        Assert.Equal(ProtocolInfo.Version, (int)result["protocolVersion"]!);
        Assert.Equal(["aws.check", "aws.signinUrl", "backup", "changed", "diagnostics.report", "export", "hello", "import.apply", "import.preview", "restore.apply", "restore.preview", "roles.delete", "roles.list", "roles.list.since", "roles.touch", "roles.upsert", "sources.add", "sources.list", "sources.remove", "sources.sync", "sso.accounts", "sso.sessions", "sso.signinUrl"], result["capabilities"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(home.Paths.DatabasePath, (string?)result["databasePath"]);
        Assert.Equal(0, (long)result["revision"]!);
        Assert.True(result.AsObject().ContainsKey("databaseError"));
        Assert.Null(result["databaseError"]);
    }

    [Fact]
    public async Task Upsert_ThenList_ReturnsNormalisedEntries()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"1234-5678-9012","roleName":"ops/Admin","displayName":"Prod","color":"#FF9900","region":"eu-west-1","group":"prod","baseAccountId":"2109 8765 4321"}]}"""),
            Frame("""{"id":2,"action":"roles.list"}"""),
        ]);

        var upsert = replies[0]["result"]!;
        Assert.Equal((1, 0, 0), ((int)upsert["added"]!, (int)upsert["updated"]!, (int)upsert["unchanged"]!));
        var role = Assert.Single(replies[1]["result"]!["roles"]!.AsArray())!;
        Assert.Equal(
            ("123456789012", "ops/Admin", "Prod", "ff9900", "eu-west-1", "prod", "210987654321", "local", 0L),
            ((string?)role["accountId"], (string?)role["roleName"], (string?)role["displayName"], (string?)role["color"], (string?)role["region"], (string?)role["group"], (string?)role["baseAccountId"], (string?)role["origin"], (long)role["useCount"]!));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)role["createdAt"]!);
        Assert.Null(role["lastUsedAt"]);
    }

    [Fact]
    public async Task Upsert_OneBadEntry_StoresNoneAndNamesIt()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"111111111111","roleName":"A"},{"accountId":"222222222222","roleName":"B","color":"blue"}]}"""),
            Frame("""{"id":2,"action":"roles.list"}"""),
        ]);

        AssertError(replies[0], ErrorCode.InvalidField, id: 1);
        Assert.Equal("roles[1].color", (string?)replies[0]["error"]!["field"]);
        Assert.Empty(replies[1]["result"]!["roles"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"id":1,"action":"roles.upsert"}""", "roles")]
    [InlineData("""{"id":1,"action":"roles.upsert","roles":[null]}""", "roles[0]")]
    [InlineData("""{"id":1,"action":"roles.upsert","role":{"roleName":"A"}}""", "role.accountId")]
    [InlineData("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"111111111111","roleName":"A"},{"accountId":"1111-1111-1111","roleName":"A"}]}""", "roles[1].accountId")]
    [InlineData("""{"id":1,"action":"roles.upsert","roles":"all of them"}""", "roles")]
    [InlineData("""{"id":1,"action":"roles.delete","roleName":"A"}""", "accountId")]
    [InlineData("""{"id":1,"action":"roles.touch","accountId":"111111111111"}""", "roleName")]
    [InlineData("""{"id":1,"action":"hello","browser":5}""", "browser")]
    [InlineData("""{"id":1,"action":"hello","extensionVersion":["0.1.0"]}""", "extensionVersion")]
    public async Task Requests_MissingOrInvalidFields_AnswerInvalidFieldNamingIt(string json, string field)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(json)]);
        var reply = Assert.Single(replies);
        AssertError(reply, ErrorCode.InvalidField, id: 1);
        Assert.Equal(field, (string?)reply["error"]!["field"]);
    }

    [Fact]
    public async Task Upsert_SingleRole_UpdatesOnlyGivenFields()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","role":{"accountId":"111111111111","roleName":"A","displayName":"Alpha","color":"ff0000"}}"""),
            Frame("""{"id":2,"action":"roles.upsert","role":{"accountId":"111111111111","roleName":"A","region":"us-east-1"}}"""),
        ]);

        var second = replies[1]["result"]!;
        Assert.Equal(1, (int)second["updated"]!);
        var role = second["roles"]![0]!;
        Assert.Equal(("Alpha", "ff0000", "us-east-1"), ((string?)role["displayName"], (string?)role["color"], (string?)role["region"]));
    }

    [Fact]
    public async Task Upsert_EmptyStringField_ClearsItAndNullKeepsIt()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","role":{"accountId":"111111111111","roleName":"A","color":"ff0000","region":"eu-west-1","group":"g"}}"""),
            Frame("""{"id":2,"action":"roles.upsert","role":{"accountId":"111111111111","roleName":"A","color":"","region":null}}"""),
        ]);

        var role = replies[1]["result"]!["roles"]![0]!;
        Assert.Equal(((string?)null, "eu-west-1", "g"), ((string?)role["color"], (string?)role["region"], (string?)role["group"]));
    }

    [Fact]
    public async Task TouchAndDelete_ChangeOrderAndHideEntries()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"111111111111","roleName":"A","displayName":"a"},{"accountId":"222222222222","roleName":"B","displayName":"b"}]}"""),
            Frame("""{"id":2,"action":"roles.touch","accountId":"2222-2222-2222","roleName":"B"}"""),
            Frame("""{"id":3,"action":"roles.list"}"""),
            Frame("""{"id":4,"action":"roles.delete","accountId":"222222222222","roleName":"B"}"""),
            Frame("""{"id":5,"action":"roles.list"}"""),
            Frame("""{"id":6,"action":"roles.delete","accountId":"222222222222","roleName":"B"}"""),
            Frame("""{"id":7,"action":"roles.touch","accountId":"222222222222","roleName":"B"}"""),
        ]);

        Assert.Equal(1, (int)replies[1]["result"]!["role"]!["useCount"]!);
        Assert.Equal(["b", "a"], replies[2]["result"]!["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        Assert.True((bool)replies[3]["result"]!["deleted"]!);
        Assert.Equal(["a"], replies[4]["result"]!["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        AssertError(replies[5], ErrorCode.NotFound, id: 6);
        AssertError(replies[6], ErrorCode.NotFound, id: 7);
        var revisions = new[] { replies[0], replies[1], replies[3] }.Select(r => (long)r["result"]!["revision"]!).ToList();
        Assert.Equal(revisions.Order(), revisions);
    }

    [Fact]
    public async Task List_Filters_AreApplied()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [
            Frame("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"111111111111","roleName":"Admin","displayName":"Prod admin","group":"prod"},{"accountId":"222222222222","roleName":"ReadOnly","displayName":"Audit","group":"audit"}]}"""),
            Frame("""{"id":2,"action":"roles.list","search":"ADMIN"}"""),
            Frame("""{"id":3,"action":"roles.list","group":"audit"}"""),
            Frame("""{"id":4,"action":"roles.list","accountId":"2222-2222-2222"}"""),
            Frame("""{"id":5,"action":"roles.list","accountId":"nope"}"""),
        ]);

        Assert.Equal(["Prod admin"], replies[1]["result"]!["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        Assert.Equal(["Audit"], replies[2]["result"]!["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        Assert.Equal(["Audit"], replies[3]["result"]!["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        AssertError(replies[4], ErrorCode.InvalidField, id: 5);
    }

    [Fact]
    public async Task List_TwentyThousandEntries_ArrivesInPartsUnderTheCapThatReassembleInOrder()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var roles = Enumerable.Range(0, 20_000)
            .Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", $"team-{i % 7}/Role{i}", $"Entry {i:D5} with a reasonably long display name", "ff9900", "eu-west-1", Group: $"group-{i % 40}")))
            .ToList();
        store.Upsert(roles);

        var (_, replies) = await RunAsync(home, [Frame("""{"id":"big","action":"roles.list"}""")]);

        Assert.True(replies.Count > 1, "20,000 entries must not fit one 1 MiB frame");
        var parts = (int)replies[0]["result"]!["parts"]!;
        Assert.Equal(parts, replies.Count);
        var all = new List<string>();
        for (var i = 0; i < replies.Count; i++)
        {
            var result = replies[i]["result"]!;
            Assert.Equal("big", (string?)replies[i]["id"]);
            Assert.Equal(i, (int)result["part"]!);
            Assert.Equal(20_000, (int)result["total"]!);
            all.AddRange(result["roles"]!.AsArray().Select(r => (string)r!["displayName"]!));
        }

        Assert.Equal(store.List().Roles.Select(r => r.DisplayName), all);
    }

    [Fact]
    public async Task List_PartsOfOneEntryEach_CarryEveryEntryWhole()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        store.Upsert([.. Enumerable.Range(0, 5).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", "Admin", $"Entry {i} \"quoted\" – ü", Group: i % 2 == 0 ? "even" : null)))]);
        store.Touch(new RoleKey("100000000003", "Admin"));

        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"roles.list"}""")],
            session => new Dictionary<string, IRequestHandler> { ["roles.list"] = new RolesListHandler(session) { PartBudgetBytes = 10 } });

        var expected = store.List().Roles;
        Assert.Equal(expected.Count, replies.Count);
        for (var i = 0; i < replies.Count; i++)
        {
            var result = replies[i]["result"]!;
            Assert.Equal((i, expected.Count, expected.Count), ((int)result["part"]!, (int)result["parts"]!, (int)result["total"]!));
            var role = Assert.Single(result["roles"]!.AsArray())!;
            var dto = System.Text.Json.Nodes.JsonNode.Parse(ProtocolJson.Serialize(RoleDto.From(expected[i]), ProtocolJsonContext.Default.RoleDto))!;
            Assert.Equal(dto.ToJsonString(), role.ToJsonString());
        }
    }

    [Fact]
    public async Task ListSince_AfterEdits_SendsChangedEntriesAndDeletedKeysOnly()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var since = store.Upsert([.. Enumerable.Range(0, 50).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", "Admin")))]).Revision;
        store.Upsert([RoleValidator.Validate(new RoleInput("100000000001", "Admin", "Renamed"))]);
        store.Delete(new RoleKey("100000000002", "Admin"));

        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":7,"action":"roles.list","sinceRevision":{{since}}}""")]);

        var result = Assert.Single(replies)["result"]!;
        Assert.Equal((since + 2, since, 1, 49, 0, 1), ((long)result["revision"]!, (long)result["since"]!, (int)result["total"]!, (int)result["live"]!, (int)result["part"]!, (int)result["parts"]!));
        var role = Assert.Single(result["roles"]!.AsArray())!;
        Assert.Equal(("100000000001", "Renamed"), ((string?)role["accountId"], (string?)role["displayName"]));
        var gone = Assert.Single(result["deleted"]!.AsArray())!;
        Assert.Equal(("100000000002", "Admin"), ((string?)gone["accountId"], (string?)gone["roleName"]));
    }

    [Fact]
    public async Task ListSince_ManyChangesAndDeletions_SplitIntoOrderedPartsThatCoverAll()
    {
        using var home = new TempHome();
        var store = home.OpenStore();
        var since = store.Upsert([.. Enumerable.Range(0, 30).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", "Admin")))]).Revision;
        store.Write(writer => Enumerable.Range(0, 10).Select(i => writer.Delete(new RoleKey($"{100000000000 + i}", "Admin"))).ToList());
        store.Upsert([.. Enumerable.Range(10, 20).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", "Admin", $"New {i}")))]);

        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":7,"action":"roles.list","sinceRevision":{{since}}}""")],
            session => new Dictionary<string, IRequestHandler> { ["roles.list"] = new RolesListHandler(session) { PartBudgetBytes = 1000 } });

        Assert.True(replies.Count > 2);
        var roles = replies.SelectMany(r => r["result"]!["roles"]!.AsArray()).Select(r => (string)r!["displayName"]!).ToList();
        var deleted = replies.SelectMany(r => r["result"]!["deleted"]!.AsArray()).Select(r => (string)r!["accountId"]!).ToList();
        Assert.Equal(Enumerable.Range(0, replies.Count), replies.Select(r => (int)r["result"]!["part"]!));
        Assert.Equal(store.List().Roles.Select(r => r.DisplayName), roles);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{100000000000 + i}"), deleted);
    }

    [Theory]
    [InlineData("""{"id":1,"action":"roles.list","sinceRevision":5}""")]
    [InlineData("""{"id":1,"action":"roles.list","sinceRevision":-1}""")]
    [InlineData("""{"id":1,"action":"roles.list","sinceRevision":0,"search":"prod"}""")]
    public async Task ListSince_NewerThanDatabaseNegativeOrFiltered_IsInvalidField(string frame)
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([RoleValidator.Validate(new RoleInput("111111111111", "Admin"))]);

        var (_, replies) = await RunAsync(home, [Frame(frame)]);

        AssertError(Assert.Single(replies), ErrorCode.InvalidField, id: 1);
        Assert.Equal("sinceRevision", (string?)replies[0]["error"]!["field"]);
    }

    [Fact]
    public async Task List_Empty_IsOnePartWithNoRoles()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"roles.list"}""")]);
        var result = Assert.Single(replies)["result"]!;
        Assert.Equal((0, 1, 0), ((int)result["part"]!, (int)result["parts"]!, (int)result["total"]!));
        Assert.Empty(result["roles"]!.AsArray());
    }

    [Fact]
    public void Split_RespectsBudgetAndKeepsOrder()
    {
        int[] sizes = [40, 40, 40, 100, 10];

        var parts = RolesListHandler.Split(sizes, 90);

        Assert.Equal([(0, 2), (2, 1), (3, 1), (4, 1)], parts);
    }

    [Fact]
    public async Task Upsert_TenThousandEntries_StoresAllAndAnswersWithinOneFrame()
    {
        using var home = new TempHome();
        var roles = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $$"""{"accountId":"{{100000000000 + i}}","roleName":"team/Role{{i}}","displayName":"Entry {{i}} with a long display name","color":"ff9900","region":"eu-west-1"}"""));

        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":1,"action":"roles.upsert","roles":[{{roles}}]}""")]);

        var result = Assert.Single(replies)["result"]!;
        Assert.Equal(10_000, (int)result["added"]!);
        Assert.Null(result["roles"]);
        Assert.Equal(10_000, home.OpenStore().List().Roles.Count);
    }

    [Fact]
    public async Task List_TextOnTheWire_IsEscapedOnlyAsJsonRequires()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([RoleValidator.Validate(new RoleInput("123456789012", "Admin", "Prod \"blue\" – café <b>"))]);
        var input = new MemoryStream(Frame("""{"id":1,"action":"roles.list"}"""));
        using var output = new MemoryStream();
        using var writer = new FrameWriter(output);
        var session = new HostSession(home.Paths, "9.9.9", home.OpenStore(), null);
        await new MessageLoop(new FrameReader(input), writer, HandlerRegistry.Create(session), new Serilog.LoggerConfiguration().CreateLogger()).RunAsync();

        var wire = System.Text.Encoding.UTF8.GetString(output.ToArray().AsSpan(4));
        Assert.Contains("\"displayName\":\"Prod \\\"blue\\\" – café <b>\"", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", wire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_DatabaseUnavailable_StillAnswersAndRolesActionsSayWhy()
    {
        using var home = new TempHome();
        var session = new HostSession(home.Paths, "9.9.9", null, "The SwitchRole database /x/switchrole.db was written by a newer SwitchRole");
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"hello"}"""), Frame("""{"id":2,"action":"roles.list"}""")], _ => HandlerRegistry.Create(session));

        Assert.Contains("newer SwitchRole", (string)replies[0]["result"]!["databaseError"]!, StringComparison.Ordinal);
        AssertError(replies[1], ErrorCode.DatabaseUnavailable, id: 2);
        Assert.Contains("newer SwitchRole", (string)replies[1]["error"]!["message"]!, StringComparison.Ordinal);
    }
}
