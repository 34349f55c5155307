using System.Text.Json;
using System.Text.Json.Nodes;
using SwitchRole.Host.Cli;

namespace SwitchRole.Host.Tests.Cli;

/// <summary>The CLI in memory: the same commands, with stdout and stderr captured.</summary>
public sealed class CliCommandsTests
{
    private static async Task<(int Exit, string Out, string Error)> Run(TempHome home, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(
            new StringReader(""), output, error,
            () => Stream.Null, () => Stream.Null,
            name => name == "SWITCHROLE_HOME" ? home.Root : null);
        var exit = await CliApp.RunAsync(args, context);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Add_ThenList_ShowsATableWithTheEntry()
    {
        using var home = new TempHome();
        var (exit, output, _) = await Run(home, "add", "--account", "1234-5678-9012", "--role", "ops/Admin", "--name", "Prod admin", "--color", "#FF9900", "--region", "eu-west-1", "--group", "prod");
        Assert.Equal(0, exit);
        Assert.Equal("Added Prod admin (ops/Admin in 123456789012)", output.Trim());

        (exit, output, _) = await Run(home, "list");

        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n');
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Prod admin\s+123456789012\s+ops/Admin\s+eu-west-1\s+prod\s+#ff9900\s+never$", lines[1]);
        Assert.Equal("1 entry", lines[^1]);
    }

    [Fact]
    public async Task ListJson_HasTheDocumentedKeys()
    {
        using var home = new TempHome();
        await Run(home, "add", "--account", "123456789012", "--role", "Admin", "--base-account", "210987654321");

        var (exit, output, _) = await Run(home, "list", "--json");

        Assert.Equal(0, exit);
        var entry = Assert.Single(JsonNode.Parse(output)!.AsArray())!.AsObject();
        Assert.Equal(
            ["accountId", "roleName", "displayName", "color", "region", "baseAccountId", "group", "origin", "createdAt", "updatedAt", "lastUsedAt", "useCount"],
            entry.Select(p => p.Key));
        Assert.Equal("210987654321", (string?)entry["baseAccountId"]);
    }

    [Fact]
    public async Task List_Filters_SearchAccountAndGroup()
    {
        using var home = new TempHome();
        await Run(home, "add", "--account", "111111111111", "--role", "Admin", "--name", "Prod admin", "--group", "prod");
        await Run(home, "add", "--account", "222222222222", "--role", "ReadOnly", "--name", "Audit", "--group", "audit");

        Assert.Contains("Prod admin", (await Run(home, "list", "--search", "PROD")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit", (await Run(home, "list", "--search", "PROD")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Prod admin", (await Run(home, "list", "--group", "audit")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit", (await Run(home, "list", "--account", "1111-1111-1111")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SameAccountAndRole_Updates()
    {
        using var home = new TempHome();
        await Run(home, "add", "--account", "123456789012", "--role", "Admin", "--name", "First");
        var (exit, output, _) = await Run(home, "add", "--account", "123456789012", "--role", "Admin", "--color", "00ff00");

        Assert.Equal(0, exit);
        Assert.StartsWith("Updated First", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accountId", "add", "--account", "12345", "--role", "Admin")]
    [InlineData("color", "add", "--account", "123456789012", "--role", "Admin", "--color", "orange")]
    [InlineData("region", "add", "--account", "123456789012", "--role", "Admin", "--region", "mars-1")]
    [InlineData("roleName", "add", "--account", "123456789012", "--role", "Ad min")]
    public async Task Add_InvalidInput_ExitsTwoNamingTheField(string field, params string[] args)
    {
        using var home = new TempHome();
        var (exit, output, error) = await Run(home, args);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains(field + ":", error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.Empty(home.OpenStore().List().Roles);
    }

    [Fact]
    public async Task Add_MissingRequiredOption_ExitsTwoWithMessageAndHintOnStderrOnly()
    {
        using var home = new TempHome();
        var (exit, output, error) = await Run(home, "add", "--account", "123456789012");
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("", output);
        Assert.Equal(["switchrole: Option '--role' is required.", "Run 'switchrole add --help' for usage."], Lines(error));
    }

    [Fact]
    public async Task UnknownOption_ExitsTwoSuggestingTheNearestOptionNothingOnStdout()
    {
        using var home = new TempHome();
        var (exit, output, error) = await Run(home, "add", "--account", "123456789012", "--role", "Admin", "--colour", "ff0000");
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("", output);
        var lines = Lines(error);
        Assert.Contains("'--colour'", lines[0], StringComparison.Ordinal);
        Assert.Equal("Did you mean '--color'? Run 'switchrole add --help' for usage.", lines[^1]);
        Assert.Empty(home.OpenStore().List().Roles);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoWithTheRootHint()
    {
        using var home = new TempHome();
        var (exit, output, error) = await Run(home, "lsit");
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("", output);
        Assert.Equal("Did you mean 'list'? Run 'switchrole --help' for usage.", Lines(error)[^1]);
    }

    [Fact]
    public async Task AddJson_PrintsResultAndTheStoredEntry()
    {
        using var home = new TempHome();
        var (exit, output, _) = await Run(home, "add", "--account", "1234-5678-9012", "--role", "Admin", "--color", "#FF9900", "--json");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("added", json.RootElement.GetProperty("result").GetString());
            Assert.Equal("123456789012", json.RootElement.GetProperty("role").GetProperty("accountId").GetString());
            Assert.Equal("ff9900", json.RootElement.GetProperty("role").GetProperty("color").GetString());
        }

        (_, output, _) = await Run(home, "add", "--account", "123456789012", "--role", "Admin", "--json");
        using var again = JsonDocument.Parse(output);
        Assert.Equal("unchanged", again.RootElement.GetProperty("result").GetString());
    }

    [Fact]
    public async Task RemoveJson_PrintsTheKeyOrNothingWhenAbsent()
    {
        using var home = new TempHome();
        await Run(home, "add", "--account", "123456789012", "--role", "Admin");

        var (exit, output, _) = await Run(home, "remove", "--account", "123456789012", "--role", "Admin", "--json");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("removed", json.RootElement.GetProperty("result").GetString());
            Assert.Equal("Admin", json.RootElement.GetProperty("roleName").GetString());
        }

        (exit, output, var error) = await Run(home, "remove", "--account", "123456789012", "--role", "Admin", "--json");
        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal("", output);
        Assert.Contains("no entry", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_UnknownShell_IsAUsageError()
    {
        using var home = new TempHome();
        var (exit, output, error) = await Run(home, "completion", "tcsh");
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("", output);
        Assert.Contains("tcsh", error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Remove_DeletesOrSaysNotFound()
    {
        using var home = new TempHome();
        await Run(home, "add", "--account", "123456789012", "--role", "Admin");

        var (exit, output, _) = await Run(home, "remove", "--account", "1234-5678-9012", "--role", "Admin");
        Assert.Equal(0, exit);
        Assert.Equal("Removed Admin in 123456789012", output.Trim());

        (exit, _, var error) = await Run(home, "remove", "--account", "123456789012", "--role", "Admin");
        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("no entry", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Empty_SaysHowToAdd()
    {
        using var home = new TempHome();
        var (exit, output, _) = await Run(home, "list");
        Assert.Equal(0, exit);
        Assert.Contains("switchrole add", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptDatabase_ExitsThreeNamingTheFile()
    {
        using var home = new TempHome();
        await File.WriteAllTextAsync(home.Paths.DatabasePath, new string('x', 8192));

        var (exit, _, error) = await Run(home, "list");

        Assert.Equal(ExitCodes.DatabaseError, exit);
        Assert.Contains(home.Paths.DatabasePath, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_NamesTheProductVersionTheCommitAndTheRuntimeIdentifier()
    {
        using var home = new TempHome();
        var (exit, output, _) = await Run(home, "--version");
        Assert.Equal(0, exit);
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var version = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value.Trim();
        var match = System.Text.RegularExpressions.Regex.Match(output.Trim(), @"^(\S+) \(commit (\S+), (\S+)\)$");
        Assert.True(match.Success, output);
        Assert.Equal(version, match.Groups[1].Value);
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, match.Groups[3].Value);
        // The tests are built from this checkout: the commit is its HEAD (or "unknown" where git is absent).
        var head = GitHead();
        Assert.Equal(head ?? "unknown", match.Groups[2].Value.Replace("+dirty", "", StringComparison.Ordinal));
    }

    private static string? GitHead()
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short=12 HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
            using var git = System.Diagnostics.Process.Start(info)!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [Fact]
    public async Task Help_ListsEveryCommandWithExamples()
    {
        using var home = new TempHome();
        var (exit, output, _) = await Run(home, "--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "list", "add", "remove", "serve" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s", output);
        }

        Assert.Contains("Examples:", output, StringComparison.Ordinal);
    }
}
