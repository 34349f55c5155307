using System.Text.Json.Nodes;

namespace SwitchRole.Host.Tests.Cli;

public sealed class ImportCommandTests
{
    public static TheoryData<string> MalformedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(InMemoryCli.Corpus("Malformed")).Where(f => !f.EndsWith(".expected.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Import_MalformedFile_ExitsWithInvalidInputAndLeavesTheDatabaseUnchanged(string file)
    {
        using var home = new TempHome();
        await InMemoryCli.Run(home, "add", "--account", "123456789012", "--role", "Admin", "--name", "Before", "--color", "112233");
        await InMemoryCli.Run(home, "add", "--account", "999999999999", "--role", "Gone");
        await InMemoryCli.Run(home, "remove", "--account", "999999999999", "--role", "Gone");
        var before = InMemoryCli.State(home);
        var format = file.Split('-')[0] switch
        {
            "awsconfig" => "aws-config",
            "auto" => "auto",
            var f => f,
        };

        var (exit, output, error) = await InMemoryCli.Run(home, "import", InMemoryCli.Corpus(Path.Combine("Malformed", file)), "--format", format);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("nothing was imported", error, StringComparison.Ordinal);
        var expected = File.ReadAllLines(InMemoryCli.Corpus(Path.Combine("Malformed", file + ".expected.txt")))
            .SkipWhile(l => !l.StartsWith("errors:", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => InMemoryCli.Corpus(Path.Combine("Malformed", l.Trim())));
        Assert.Equal(expected, error.Split('\n').Skip(1).Where(l => l.Length > 0));
        Assert.Equal(before, InMemoryCli.State(home));
    }

    [Fact]
    public async Task Import_DryRun_PrintsWhatTheImportDoesAndWritesNothing()
    {
        using var home = new TempHome();
        var file = InMemoryCli.Corpus("Golden/aesr-full.ini");
        var before = InMemoryCli.State(home);

        var dry = await InMemoryCli.Run(home, "import", file, "--dry-run");
        Assert.Equal(before, InMemoryCli.State(home));
        var real = await InMemoryCli.Run(home, "import", file);

        Assert.Equal((0, 0), (dry.Exit, real.Exit));
        Assert.EndsWith("Dry run: nothing was written.\n", dry.Out, StringComparison.Ordinal);
        Assert.Equal(dry.Out.Replace("Dry run: nothing was written.", "Done.", StringComparison.Ordinal), real.Out);
        Assert.Contains("  added: 7\n", real.Out, StringComparison.Ordinal);
        Assert.Contains("  skipped: 3 (1 base account, 1 account alias, 1 duplicate)\n", real.Out, StringComparison.Ordinal);
        Assert.Equal(7, home.OpenStore().List().Roles.Count);
    }

    [Fact]
    public async Task Import_SameFileAgain_ReportsEverythingUnchangedAndKeepsTheRevision()
    {
        using var home = new TempHome();
        var file = InMemoryCli.Corpus("Golden/roles.csv");
        await InMemoryCli.Run(home, "import", file);
        var revision = home.OpenStore().GetRevision();

        var (exit, output, _) = await InMemoryCli.Run(home, "import", file);

        Assert.Equal(0, exit);
        Assert.Contains("  unchanged: 3\n", output, StringComparison.Ordinal);
        Assert.EndsWith("Nothing to change.\n", output, StringComparison.Ordinal);
        Assert.Equal(revision, home.OpenStore().GetRevision());
    }

    [Fact]
    public async Task Import_FromStdinWithJsonSummaryAndSource_MarksTheOrigin()
    {
        using var home = new TempHome();
        const string links = "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Admin&displayName=Prod\n";

        var (exit, output, _) = await InMemoryCli.RunWithInput(home, links, "import", "-", "--json", "--source", "platform");

        Assert.Equal(0, exit);
        var summary = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(("<stdin>", "links", false), ((string?)summary["file"], (string?)summary["format"], (bool)summary["dryRun"]!));
        Assert.Equal("Prod", (string?)summary["added"]![0]!["displayName"]);
        Assert.Equal("team:platform", Assert.Single(home.OpenStore().List().Roles).Origin);
    }

    [Fact]
    public async Task Import_JsonSummaryOfABadFile_ListsEachErrorWithLineAndColumn()
    {
        using var home = new TempHome();

        var (exit, output, _) = await InMemoryCli.RunWithInput(home, "[p]\naws_account_id = 12\nrole_name = Admin\n", "import", "-", "--json");

        Assert.Equal(2, exit);
        var error = Assert.Single(JsonNode.Parse(output)!["errors"]!.AsArray())!;
        Assert.Equal(("<stdin>", 2, 18, "aws_account_id"), ((string?)error["file"], (int)error["line"]!, (int)error["column"]!, (string?)error["field"]));
    }

    [Fact]
    public async Task Import_MissingFile_IsInvalidInputNamingTheFile()
    {
        using var home = new TempHome();

        var (exit, _, error) = await InMemoryCli.Run(home, "import", Path.Combine(home.Root, "nope.ini"));

        Assert.Equal(2, exit);
        Assert.Contains("nope.ini: cannot read it: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownFormatName_IsInvalidInput()
    {
        using var home = new TempHome();

        var (exit, _, error) = await InMemoryCli.RunWithInput(home, "x", "import", "-", "--format", "yaml");

        Assert.Equal(2, exit);
        Assert.Contains("--format: must be auto, aesr, aws-config, csv, json, links, cookie", error, StringComparison.Ordinal);
    }
}
