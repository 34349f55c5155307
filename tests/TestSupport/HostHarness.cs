using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Serilog;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;

namespace SwitchRole.TestSupport;

/// <summary>Runs the real message loop and handlers over in-memory streams against a real store in a temp home.</summary>
public static class HostHarness
{
    public static byte[] Frame(string json) => HostProcess.Frame(json);

    public static byte[] Frame(byte[] payload) => HostProcess.Frame(payload);

    /// <summary>Feeds the frames, runs the loop to the end of input, and returns the exit code and every reply.</summary>
    public static async Task<(int ExitCode, List<JsonObject> Replies)> RunAsync(TempHome home, IEnumerable<byte[]> frames, Func<HostSession, IReadOnlyDictionary<string, IRequestHandler>>? handlers = null)
    {
        var input = new MemoryStream([.. frames.SelectMany(f => f)]);
        using var output = new MemoryStream();
        var session = new HostSession(home.Paths, "9.9.9", home.OpenStore(), null);
        using var writer = new FrameWriter(output);
        // Input ends right after the last frame: requests on the (fake, always answering) network may take as long
        // as a cold AWS SDK needs on a loaded machine.
        using var loop = new MessageLoop(new FrameReader(input), writer, (handlers ?? InProcess)(session), new LoggerConfiguration().CreateLogger())
        {
            NetworkRequestGrace = TimeSpan.FromSeconds(60),
        };
        var exit = await loop.RunAsync();
        return (exit, Parse(output.ToArray()));
    }

    /// <summary>
    /// Every store handler in this process (the worker's table), the network actions relayed as the browser-started
    /// host does: handler tests exercise the handlers, not the relay.
    /// </summary>
    public static IReadOnlyDictionary<string, IRequestHandler> InProcess(HostSession session)
    {
        var worker = NetworkWorker.BesideExecutable();
        return HandlerRegistry.Create(session, NetworkActions.Names.Select(name => new RelayHandler(name, worker)));
    }

    public static List<JsonObject> Parse(byte[] bytes)
    {
        var replies = new List<JsonObject>();
        for (var i = 0; i < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i));
            Assert.True(length <= Framing.MaxOutboundBytes, $"frame of {length} bytes is over the browsers' cap");
            replies.Add(JsonNode.Parse(bytes.AsSpan(i + 4, length))!.AsObject());
            i += 4 + length;
        }

        return replies;
    }
}
