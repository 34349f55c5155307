using System.Text;
using System.Text.Json.Nodes;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Tests.Formats;
using static SwitchRole.Core.Tests.Protocol.MessageLoopTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class ImportPreviewHandlerTests
{
    internal const string Aesr = """
        [Prod admin]
        aws_account_id = 111111111111
        role_name = Admin
        color = 00ff00

        [Dev]
        aws_account_id = 2222-2222-2222
        role_name = Dev

        [Audit]
        aws_account_id = 333333333333
        role_name = Auditor
        """;

    internal static byte[] Request(object id, string action, JsonObject members)
    {
        members["id"] = JsonValue.Create(id.ToString());
        members["action"] = action;
        return Frame(members.ToJsonString());
    }

    internal static void Seed(TempHome home) =>
        home.OpenStore().Upsert([
            RoleValidator.Validate(new RoleInput("111111111111", "Admin", "Prod admin", "ff9900")),
            RoleValidator.Validate(new RoleInput("333333333333", "Auditor", "Audit")),
        ]);

    [Fact]
    public async Task Preview_AesrText_ListsAddedUpdatedUnchangedWithLinesAndWritesNothing()
    {
        using var home = new TempHome();
        Seed(home);
        var revision = home.OpenStore().GetRevision();
        var (_, replies) = await RunAsync(home, [Request(1, "import.preview", new JsonObject { ["text"] = Aesr })]);

        var r = Assert.Single(replies)["result"]!;
        Assert.Equal(("import", false, "aesr", "<pasted text>"), ((string?)r["kind"], (bool)r["applied"]!, (string?)r["format"], (string?)r["fileName"]));
        Assert.Equal((3, 1, 1, 1, 0), ((int)r["counts"]!["read"]!, (int)r["counts"]!["added"]!, (int)r["counts"]!["updated"]!, (int)r["counts"]!["unchanged"]!, (int)r["counts"]!["errors"]!));
        var added = Assert.Single(r["added"]!.AsArray())!;
        Assert.Equal(("222222222222", "Dev", "Dev", 6), ((string?)added["accountId"], (string?)added["roleName"], (string?)added["displayName"], (int)added["line"]!));
        var updated = Assert.Single(r["updated"]!.AsArray())!;
        Assert.Equal(1, (int)updated["line"]!);
        var change = Assert.Single(updated["changes"]!.AsArray())!;
        Assert.Equal(("color", "ff9900", "00ff00"), ((string?)change["field"], (string?)change["from"], (string?)change["to"]));
        Assert.Equal("Audit", (string?)Assert.Single(r["unchanged"]!.AsArray())!["displayName"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)r["plan"]!);
        Assert.Equal(revision, (long)r["revision"]!);

        Assert.Equal(revision, home.OpenStore().GetRevision());
        Assert.Equal(2, home.OpenStore().List().Roles.Count);
    }

    /// <summary>The protocol reads a file exactly as <c>switchrole import FILE</c> does: the malformed corpus gives the errors its golden files list.</summary>
    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Preview_MalformedFileAsData_GivesTheCliErrors(string name)
    {
        using var home = new TempHome();
        var bytes = File.ReadAllBytes(Path.Combine(GoldenFiles.Directory("Malformed"), name));
        var (_, replies) = await RunAsync(home, [Request(1, "import.preview", new JsonObject { ["data"] = Convert.ToBase64String(bytes), ["fileName"] = name, ["format"] = FormatOf(name) })]);

        var r = Assert.Single(replies)["result"]!;
        var expected = File.ReadAllText(Path.Combine(GoldenFiles.Directory("Malformed"), name + ".expected.txt")).ReplaceLineEndings("\n");
        var errorLines = expected[(expected.IndexOf("\nerrors: ", StringComparison.Ordinal) + 1)..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        var actual = r["errors"]!.AsArray().Select(e => $"{(string?)e!["file"]}:{(int)e["line"]!}:{(int)e["column"]!}: {(string?)e["field"]}: {(string?)e["reason"]}").ToList();
        Assert.NotEmpty(actual);
        Assert.Equal(errorLines, actual);
        Assert.Null(r["plan"]);
        Assert.Empty(home.OpenStore().List().Roles);
    }

    /// <summary>The format the corpus names in each file's prefix (as the formats tests use it); "auto-" files are detected.</summary>
    private static string FormatOf(string file) => file.Split('-')[0] switch
    {
        "awsconfig" => "aws-config",
        "aesr" or "csv" or "links" or "cookie" or "json" => file.Split('-')[0],
        _ => "auto",
    };

    public static TheoryData<string> MalformedFiles() => GoldenFiles.Inputs("Malformed");

    [Fact]
    public async Task Preview_Utf16FileAsData_ReadsLikeTheSameText()
    {
        using var home = new TempHome();
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var bytes = utf16.GetPreamble().Concat(utf16.GetBytes(Aesr)).ToArray();
        var (_, replies) = await RunAsync(home, [
            Request(1, "import.preview", new JsonObject { ["data"] = Convert.ToBase64String(bytes), ["fileName"] = "roles.ini" }),
            Request(2, "import.preview", new JsonObject { ["text"] = Aesr }),
        ]);

        Assert.Equal(3, (int)replies[0]["result"]!["counts"]!["added"]!);
        Assert.Equal("roles.ini", (string?)replies[0]["result"]!["fileName"]);
        Assert.Equal((string?)replies[1]["result"]!["plan"], (string?)replies[0]["result"]!["plan"]);
    }

    [Fact]
    public async Task Preview_PastedTextWithNul_IsRefusedAsBinaryWithItsLine()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Request(1, "import.preview", new JsonObject { ["text"] = "account_id,role_name\n111111111111,A\u0000" })]);
        var error = Assert.Single(Assert.Single(replies)["result"]!["errors"]!.AsArray())!;
        Assert.Equal((2, "file"), ((int)error["line"]!, (string?)error["field"]));
        Assert.Contains("binary", (string?)error["reason"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":1,"action":"import.preview"}""", "text")]
    [InlineData("""{"id":1,"action":"import.preview","text":"a","data":"YQ=="}""", "text")]
    [InlineData("""{"id":1,"action":"import.preview","data":"not base64!"}""", "data")]
    [InlineData("""{"id":1,"action":"import.preview","text":"a","format":"yaml"}""", "format")]
    [InlineData("""{"id":1,"action":"import.preview","text":"a","source":"bad\u0001name"}""", "source")]
    [InlineData("""{"id":1,"action":"import.preview","text":42}""", "text")]
    public async Task Preview_BadRequest_AnswersInvalidFieldNamingIt(string json, string field)
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Frame(json)]);
        var reply = Assert.Single(replies);
        AssertError(reply, ErrorCode.InvalidField, id: 1);
        Assert.Equal(field, (string?)reply["error"]!["field"]);
    }

    [Fact]
    public async Task Preview_TwentyThousandEntriesWithLongNames_FitsOneFrameWithCompleteCounts()
    {
        using var home = new TempHome();
        var csv = new StringBuilder("account_id,role_name,display_name,group\n");
        for (var i = 0; i < 20_000; i++)
        {
            // Non-ASCII and quotes: each is 6 bytes once JSON-escaped, the worst case for the frame.
            csv.Append($"{100000000000 + i},Role{i},\"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9 {i}\",g\n");
        }

        // The harness fails on any frame over 1 MiB.
        var (_, replies) = await RunAsync(home, [Request(1, "import.preview", new JsonObject { ["text"] = csv.ToString() })]);

        var r = Assert.Single(replies)["result"]!;
        Assert.Equal(20_000, (int)r["counts"]!["added"]!);
        Assert.True((bool)r["listsTruncated"]!);
        var listed = r["added"]!.AsArray().Count;
        Assert.InRange(listed, 100, 1000);
        Assert.Equal(listed + 1, (int)r["added"]![listed - 1]!["line"]!);
    }
}
