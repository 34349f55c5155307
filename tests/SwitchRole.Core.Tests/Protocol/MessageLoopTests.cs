using System.Text.Json.Nodes;
using SwitchRole.Core.Protocol;
using static SwitchRole.Core.Tests.TestDoubles.HostHarness;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class MessageLoopTests
{
    [Fact]
    public async Task RunAsync_InvalidJson_AnswersInvalidJsonAndGoesOn()
    {
        using var home = new TempHome();
        var (exit, replies) = await RunAsync(home, [Frame("{\"id\":1,"), Frame("""{"id":2,"action":"hello"}""")]);

        Assert.Equal(0, exit);
        AssertError(replies[0], ErrorCode.InvalidJson, id: null);
        Assert.Contains("not valid UTF-8 JSON", (string)replies[0]["error"]!["message"]!, StringComparison.Ordinal);
        Assert.True((bool)replies[1]["ok"]!);
    }

    [Fact]
    public async Task RunAsync_InvalidUtf8_AnswersInvalidJson()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame([(byte)'"', 0xC3, 0x28, (byte)'"'])]);
        AssertError(Assert.Single(replies), ErrorCode.InvalidJson, id: null);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"hello\"")]
    public async Task RunAsync_NotAnObject_AnswersInvalidJson(string json)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(json)]);
        AssertError(Assert.Single(replies), ErrorCode.InvalidJson, id: null);
    }

    [Theory]
    [InlineData("""{"action":"hello"}""")]
    [InlineData("""{"id":{"x":1},"action":"hello"}""")]
    [InlineData("""{"id":true,"action":"hello"}""")]
    public async Task RunAsync_MissingOrBadId_AnswersMissingId(string json)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(json)]);
        var reply = Assert.Single(replies);
        AssertError(reply, ErrorCode.MissingId, id: null);
        Assert.Equal("id", (string?)reply["error"]!["field"]);
    }

    [Fact]
    public async Task RunAsync_HugeStringId_IsRefusedNotEchoed()
    {
        using var home = new TempHome();
        var id = new string('x', MessageLoop.MaxIdLength + 1);
        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":"{{id}}","action":"hello"}""")]);
        AssertError(Assert.Single(replies), ErrorCode.MissingId, id: null);
    }

    [Theory]
    [InlineData("""{"id":"q1","action":"roles.explode"}""", "'roles.explode' is not known")]
    [InlineData("""{"id":"q1"}""", "missing")]
    [InlineData("""{"id":"q1","action":42}""", "missing")]
    public async Task RunAsync_UnknownAction_AnswersUnknownActionNamingTheField(string json, string expected)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(json)]);
        var reply = Assert.Single(replies);
        AssertError(reply, ErrorCode.UnknownAction, id: "q1");
        Assert.Equal("action", (string?)reply["error"]!["field"]);
        Assert.Contains(expected, (string)reply["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Contains("roles.list", (string)reply["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WrongJsonTypeForAField_AnswersInvalidFieldNamingIt()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":5,"action":"roles.list","search":42}""")]);
        var reply = Assert.Single(replies);
        AssertError(reply, ErrorCode.InvalidField, id: 5);
        Assert.Equal("search", (string?)reply["error"]!["field"]);
    }

    [Fact]
    public async Task RunAsync_OversizedFrame_AnswersFrameTooLargeAndStops()
    {
        using var home = new TempHome();
        byte[] header = BitConverter.GetBytes(Framing.MaxInboundBytes + 1);
        var (exit, replies) = await RunAsync(home, [header, Frame("""{"id":1,"action":"hello"}""")]);

        Assert.Equal(1, exit);
        AssertError(Assert.Single(replies), ErrorCode.FrameTooLarge, id: null);
    }

    [Fact]
    public async Task RunAsync_HandlerBug_AnswersInternalErrorAndGoesOn()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(
            home,
            [Frame("""{"id":1,"action":"boom"}"""), Frame("""{"id":2,"action":"boom"}""")],
            _ => new Dictionary<string, IRequestHandler> { ["boom"] = new ThrowingHandler() });

        Assert.Equal(2, replies.Count);
        AssertError(replies[0], ErrorCode.InternalError, id: 1);
        Assert.DoesNotContain("secret detail", replies[0].ToJsonString(), StringComparison.Ordinal);
        AssertError(replies[1], ErrorCode.InternalError, id: 2);
    }

    [Fact]
    public void ErrorCode_Values_AreTheDocumentedOnes()
    {
        // PROTOCOL.md's table: codes are a contract with every installed extension.
        Assert.Equal(
            [(1, "InternalError"), (2, "FrameTooLarge"), (3, "InvalidJson"), (4, "MissingId"), (5, "UnknownAction"), (6, "InvalidField"), (7, "NotFound"), (8, "DatabaseBusy"), (9, "DatabaseUnavailable"), (10, "CallerNotAllowed")],
            Enum.GetValues<ErrorCode>().Take(10).Select(c => ((int)c, c.ToString())));
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "host", "PROTOCOL.md"));
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            Assert.Contains($"| {(int)code} | `{code}` |", doc, StringComparison.Ordinal);
        }
    }

    internal static void AssertError(JsonObject reply, ErrorCode code, object? id)
    {
        Assert.False((bool)reply["ok"]!, reply.ToJsonString());
        Assert.Equal((int)code, (int)reply["error"]!["code"]!);
        Assert.Equal(code.ToString(), (string?)reply["error"]!["name"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)reply["error"]!["message"]));
        switch (id)
        {
            case null: Assert.Null(reply["id"]); break;
            case int n: Assert.Equal(n, (int)reply["id"]!); break;
            case string s: Assert.Equal(s, (string?)reply["id"]); break;
        }
    }

    private sealed class ThrowingHandler : IRequestHandler
    {
        public string Action => "boom";

        public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret detail");
    }
}
