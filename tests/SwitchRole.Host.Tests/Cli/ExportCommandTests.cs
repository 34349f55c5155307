namespace SwitchRole.Host.Tests.Cli;

public sealed class ExportCommandTests
{
    [Theory]
    [InlineData("json", true)]
    [InlineData("aesr", true)]
    [InlineData("csv", true)]
    [InlineData("links", false)]
    public async Task Export_ThenImportIntoAnEmptyHome_GivesBackTheSameEntries(string format, bool carriesBaseAndGroup)
    {
        using var source = new TempHome();
        using var target = new TempHome();
        await InMemoryCli.Run(source, "import", InMemoryCli.Corpus("Golden/aesr-full.ini"));
        await InMemoryCli.Run(source, "import", InMemoryCli.Corpus("Golden/roles.csv"));
        var file = Path.Combine(source.Root, "export." + format);

        var (exit, _, _) = await InMemoryCli.Run(source, "export", "--format", format, "-o", file);
        var imported = await InMemoryCli.Run(target, "import", file);

        Assert.Equal((0, 0), (exit, imported.Exit));
        var expected = source.OpenStore().List().Roles.OrderBy(r => r.AccountId).ThenBy(r => r.RoleName)
            .Select(r => (r.AccountId, r.RoleName, r.DisplayName, r.Color, r.Region, carriesBaseAndGroup ? r.BaseAccountId : null, carriesBaseAndGroup ? r.Group : null));
        var actual = target.OpenStore().List().Roles.OrderBy(r => r.AccountId).ThenBy(r => r.RoleName)
            .Select(r => (r.AccountId, r.RoleName, r.DisplayName, r.Color, r.Region, carriesBaseAndGroup ? r.BaseAccountId : null, carriesBaseAndGroup ? r.Group : null));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Export_WithoutOutput_WritesToStdout()
    {
        using var home = new TempHome();
        await InMemoryCli.Run(home, "add", "--account", "123456789012", "--role", "Admin", "--name", "Prod");

        var (exit, output, _) = await InMemoryCli.Run(home, "export", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal("account_id,role_name,display_name,color,region,group,base_account_id\n123456789012,Admin,Prod,,,,\n", output);
    }

    [Fact]
    public async Task Export_UnwritableDestination_FailsWithoutLeavingAFile()
    {
        using var home = new TempHome();
        var path = Path.Combine(home.Root, "missing-dir", "out.json");

        var (exit, _, error) = await InMemoryCli.Run(home, "export", "-o", path);

        Assert.Equal(1, exit);
        Assert.Contains("cannot write", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home.Root, "missing-dir")));
    }
}
