using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Protocol;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

/// <summary>
/// hello is assembled without a JSON writer when its strings are plain ASCII (the cold-start path) and written by
/// one otherwise: a browser gets the same JSON either way, whatever the path, error or id holds.
/// </summary>
public sealed class HelloHandlerTests
{
    private static readonly string[] Capabilities = ["hello", "roles.list"];

    [Theory]
    [InlineData("/home/me/.local/share/SwitchRole/switchrole.db", null)]
    [InlineData("/home/josé/\"quoted\"\\back\tslash/switchrole.db", "the database is read-only (\"EROFS\"); free space or fix the permissions")]
    [InlineData("C:\\Users\\me\\AppData\\Local\\SwitchRole\\switchrole.db", "disk full")]
    public void ResultJson_AnyStrings_IsWhatAJsonWriterWrites(string path, string? error)
    {
        var result = new HelloResult("0.1.0", 1, Capabilities, path, 42, error);

        var json = Encoding.UTF8.GetString(HelloHandler.ResultJson(result).Span);

        var expected = new JsonObject
        {
            ["hostVersion"] = "0.1.0",
            ["protocolVersion"] = 1,
            ["capabilities"] = new JsonArray("hello", "roles.list"),
            ["databasePath"] = path,
            ["revision"] = 42,
            ["databaseError"] = error,
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"a-b\"")]
    [InlineData("\"\\u0041\\n\"")]
    [InlineData("\"é\"")]
    public async Task Hello_AnyId_IsEchoedAsTheSameJsonValue(string id)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":{{id}},"action":"hello"}""")]);

        var reply = Assert.Single(replies);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(id), reply["id"]), reply.ToJsonString());
        Assert.True((bool)reply["ok"]!);
        Assert.Equal(home.Paths.DatabasePath, (string?)reply["result"]!["databasePath"]);
        Assert.Equal(JsonValueKind.Null, reply["result"]!["databaseError"]?.GetValueKind() ?? JsonValueKind.Null);
    }
}
