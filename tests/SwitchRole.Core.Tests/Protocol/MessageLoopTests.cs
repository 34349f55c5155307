using System.Text.Json.Nodes;
using SwitchRole.Core.Protocol;
using static SwitchRole.TestSupport.HostHarness;

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

    [Fact]
    public async Task RunAsync_RequestWaitingOnNetwork_LaterRequestsAreAnsweredMeanwhile()
    {
        using var home = new TempHome();
        var network = new NetworkHandler();
        await using var host = LiveLoop.Start(home, network);

        await host.SendAsync("""{"id":1,"action":"test.network"}""");
        await host.SendAsync("""{"id":2,"action":"roles.list"}""");

        // The list answers while the first request still waits on its server.
        var first = await host.ReadAsync();
        Assert.Equal(2, (int)first["id"]!);
        Assert.True((bool)first["ok"]!);

        network.Answer.SetResult();
        var second = await host.ReadAsync();
        Assert.Equal(1, (int)second["id"]!);
        Assert.Equal("answered", (string?)second["result"]!["state"]);
        Assert.Equal(0, await host.EndInputAsync());
    }

    [Fact]
    public async Task RunAsync_InputEndsWhileARequestWaitsOnNetwork_CancelsItAndReturns()
    {
        using var home = new TempHome();
        var network = new NetworkHandler();
        await using var host = LiveLoop.Start(home, network);
        await host.SendAsync("""{"id":1,"action":"test.network"}""");
        await network.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Never answered: the end of input still ends the loop, and the request sees the cancellation.
        Assert.Equal(0, await host.EndInputAsync());
        Assert.True(network.Cancelled);
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

    /// <summary>A request that waits on "the network" until the test answers it.</summary>
    private sealed class NetworkHandler : IRequestHandler
    {
        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public string Action => "test.network";

        public bool WaitsOnNetwork => true;

        public async Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken)
        {
            Started.SetResult();
            try
            {
                await Answer.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }

            await responder.SendResultAsync(w => w.WriteString("state", "answered"), cancellationToken);
        }
    }

    /// <summary>The real loop over real pipes, fed and read frame by frame while it runs.</summary>
    private sealed class LiveLoop : IAsyncDisposable
    {
        private readonly System.IO.Pipes.AnonymousPipeServerStream _toHost = new(System.IO.Pipes.PipeDirection.Out);
        private readonly System.IO.Pipes.AnonymousPipeServerStream _fromHost = new(System.IO.Pipes.PipeDirection.In);
        private readonly System.IO.Pipes.AnonymousPipeClientStream _hostInput;
        private readonly System.IO.Pipes.AnonymousPipeClientStream _hostOutput;
        private readonly FrameWriter _writer;
        private readonly MessageLoop _loop;
        private readonly Task<int> _run;

        private LiveLoop(TempHome home, IRequestHandler extra)
        {
            _hostInput = new(System.IO.Pipes.PipeDirection.In, _toHost.ClientSafePipeHandle);
            _hostOutput = new(System.IO.Pipes.PipeDirection.Out, _fromHost.ClientSafePipeHandle);
            var session = new SwitchRole.Core.Handlers.HostSession(home.Paths, "9.9.9", home.OpenStore(), null);
            var handlers = new Dictionary<string, IRequestHandler>(SwitchRole.Core.Hosting.HandlerRegistry.Create(session)) { [extra.Action] = extra };
            _writer = new FrameWriter(_hostOutput);
            _loop = new MessageLoop(new FrameReader(_hostInput), _writer, handlers, new Serilog.LoggerConfiguration().CreateLogger());
            // The loop reads synchronously, as the host does: its own thread.
            _run = Task.Factory.StartNew(() => _loop.RunAsync(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        public static LiveLoop Start(TempHome home, IRequestHandler extra) => new(home, extra);

        public async Task SendAsync(string json)
        {
            await _toHost.WriteAsync(Frame(json));
            await _toHost.FlushAsync();
        }

        public async Task<JsonObject> ReadAsync()
        {
            var header = new byte[4];
            await _fromHost.ReadExactlyAsync(header).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var payload = new byte[BitConverter.ToInt32(header)];
            await _fromHost.ReadExactlyAsync(payload).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return JsonNode.Parse(payload)!.AsObject();
        }

        public async Task<int> EndInputAsync()
        {
            _toHost.Dispose();
            return await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public async ValueTask DisposeAsync()
        {
            _toHost.Dispose();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _loop.Dispose();
            _writer.Dispose();
            _hostInput.Dispose();
            _hostOutput.Dispose();
            _fromHost.Dispose();
        }
    }

    private sealed class ThrowingHandler : IRequestHandler
    {
        public string Action => "boom";

        public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret detail");
    }
}
