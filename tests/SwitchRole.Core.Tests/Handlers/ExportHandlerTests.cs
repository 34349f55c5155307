using System.Text;
using System.Text.Json.Nodes;
using SwitchRole.Core.Catalog;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Handlers;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using static SwitchRole.Core.Tests.Handlers.ImportPreviewHandlerTests;
using static SwitchRole.Core.Tests.Protocol.MessageLoopTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class ExportHandlerTests
{
    internal static string Reassemble(List<JsonObject> replies)
    {
        var parts = (int)replies[0]["result"]!["parts"]!;
        Assert.Equal(parts, replies.Count);
        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            Assert.Equal(i, (int)replies[i]["result"]!["part"]!);
            text.Append((string)replies[i]["result"]!["text"]!);
        }

        return text.ToString();
    }

    [Theory]
    [InlineData("aesr", "switchrole-export.ini")]
    [InlineData("csv", "switchrole-export.csv")]
    [InlineData("links", "switchrole-export.txt")]
    public async Task Export_Format_GivesWhatTheCliWritesAndImportsBack(string format, string fileName)
    {
        using var home = new TempHome();
        Seed(home);
        var store = home.OpenStore();
        var (_, replies) = await RunAsync(home, [Request(1, "export", new JsonObject { ["format"] = format })]);

        var r = replies[0]["result"]!;
        Assert.Equal((format, fileName, 2), ((string?)r["format"], (string?)r["fileName"], (int)r["entries"]!));
        var text = Reassemble(replies);
        Assert.Equal(RoleExporter.Write(StoreSnapshot.Take(store), RoleExporter.ParseFormatName(format)!.Value), text);
        var back = RoleImporter.Parse(text, ImportFormat.Auto, new ImportOptions("export"));
        Assert.Equal(["111111111111", "333333333333"], back.Entries.Select(e => e.Role.AccountId).Order());
    }

    [Fact]
    public async Task Export_InSmallParts_NeverSplitsASurrogatePairAndReassemblesExactly()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([.. Enumerable.Range(0, 50).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", $"R{i}", $"\U0001F680 rocket {i} \U0001F680")))]);
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"export","format":"csv"}""")],
            s => new Dictionary<string, IRequestHandler> { ["export"] = new ExportHandler(s) { MaxCharsPerPart = 7 } });

        Assert.True(replies.Count > 100);
        var text = Reassemble(replies);
        Assert.Equal(50, RoleImporter.Parse(text, ImportFormat.Csv, new ImportOptions("x")).Entries.Count(e => e.Role.DisplayName.StartsWith("\U0001F680 rocket", StringComparison.Ordinal)));
        Assert.All(replies, p => Assert.False(char.IsHighSurrogate(((string)p["result"]!["text"]!)[^1])));
    }

    [Fact]
    public async Task Export_TwentyThousandEntries_ComesInPartsUnderTheCap()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([.. Enumerable.Range(0, 20_000).Select(i => RoleValidator.Validate(new RoleInput($"{100000000000 + i}", $"team/Role{i}", $"Entry number {i} with a long name", "ff9900", "eu-west-1", null, "group")))]);

        // The harness fails on any frame over 1 MiB.
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"export"}""")]);

        Assert.True(replies.Count > 1);
        var parsed = BackupFormat.Parse(Reassemble(replies), new ImportOptions("export.json"));
        Assert.True(parsed.Ok);
        Assert.Equal(20_000, parsed.Entries.Count);
    }

    [Fact]
    public async Task Export_UnknownFormat_AnswersInvalidField()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"export","format":"yaml"}""")]);
        AssertError(replies[0], ErrorCode.InvalidField, id: 1);
        Assert.Equal("format", (string?)replies[0]["error"]!["field"]);
    }

    [Fact]
    public async Task Export_EmptyDatabase_IsOnePart()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"export","format":"csv"}""")]);
        Assert.Equal((0, 1, 0), ((int)replies[0]["result"]!["part"]!, (int)replies[0]["result"]!["parts"]!, (int)replies[0]["result"]!["entries"]!));
    }
}
