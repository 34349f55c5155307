using System.Text.Json.Nodes;
using SwitchRole.Core.Protocol;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Protocol;

/// <summary>Issue 13, item 4: ids that could inflate an answer past 1 MiB, and requests that say one member twice.</summary>
public sealed class MessageLoopHardeningTests
{
    [Fact]
    public async Task RunAsync_TwoMegabyteNumericId_IsRefusedNamingTheLimitAndTheHostGoesOn()
    {
        // Echoed, this id made an answer over the browsers' 1 MiB cap, and the refusal to write it ended the host.
        using var home = new TempHome();
        var id = new string('9', 2_000_000);
        var (exit, replies) = await RunAsync(home, [Frame($$"""{"id":{{id}},"action":"hello"}"""), Frame("""{"id":2,"action":"hello"}""")]);

        Assert.Equal(0, exit);
        Assert.Equal(2, replies.Count);
        AssertError(replies[0], ErrorCode.MissingId, id: null);
        var message = (string)replies[0]["error"]!["message"]!;
        Assert.Contains($"at most {MessageLoop.MaxIdLength} characters", message, StringComparison.Ordinal);
        Assert.Contains("got 2000000", message, StringComparison.Ordinal);
        Assert.True((bool)replies[1]["ok"]!);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public async Task RunAsync_IdOf64Characters_IsTheLongestEchoed(int length, bool accepted)
    {
        Assert.Equal(64, MessageLoop.MaxIdLength);
        using var home = new TempHome();
        var stringId = new string('x', length);
        var numberId = new string('7', length);
        var (_, replies) = await RunAsync(home, [Frame($$"""{"id":"{{stringId}}","action":"hello"}"""), Frame($$"""{"id":{{numberId}},"action":"hello"}""")]);

        Assert.Equal(2, replies.Count);
        if (accepted)
        {
            Assert.Equal(stringId, (string?)replies[0]["id"]);
            Assert.Equal(numberId, replies[1]["id"]!.ToJsonString());
        }
        else
        {
            AssertError(replies[0], ErrorCode.MissingId, id: null);
            AssertError(replies[1], ErrorCode.MissingId, id: null);
        }
    }

    [Theory]
    [InlineData("""{"id":1,"action":"roles.list","search":"a","search":"b"}""", "search")]
    [InlineData("""{"id":1,"id":2,"action":"hello"}""", "id")]
    [InlineData("""{"id":1,"action":"hello","action":"roles.delete"}""", "action")]
    [InlineData("""{"id":1,"action":"roles.upsert","roles":[{"accountId":"123456789012","roleName":"Admin","roleName":"Other"}]}""", "roleName")]
    public async Task RunAsync_DuplicateKey_IsRefusedNamingIt(string json, string key)
    {
        using var home = new TempHome();
        var (exit, replies) = await RunAsync(home, [Frame(json), Frame("""{"id":9,"action":"roles.list"}""")]);

        Assert.Equal(0, exit);
        AssertError(replies[0], ErrorCode.InvalidJson, id: null);
        Assert.Contains($"'{key}' more than once", (string)replies[0]["error"]!["message"]!, StringComparison.Ordinal);
        // Nothing of the refused request was applied.
        var list = replies[^1];
        Assert.Empty(list["result"]!["roles"]!.AsArray());
    }

    private static void AssertError(JsonObject reply, ErrorCode code, string? id)
    {
        Assert.False((bool)reply["ok"]!);
        Assert.Equal((int)code, (int)reply["error"]!["code"]!);
        Assert.Equal(id, (string?)reply["id"]);
    }
}
