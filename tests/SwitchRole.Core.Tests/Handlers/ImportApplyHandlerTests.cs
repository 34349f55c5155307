using System.Text.Json.Nodes;
using SwitchRole.Core.Model;
using static SwitchRole.Core.Tests.Handlers.ImportPreviewHandlerTests;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class ImportApplyHandlerTests
{
    private static async Task<string> PlanOf(TempHome home, string text)
    {
        var (_, replies) = await RunAsync(home, [Request(1, "import.preview", new JsonObject { ["text"] = text })]);
        return (string)replies[0]["result"]!["plan"]!;
    }

    [Fact]
    public async Task Apply_WithThePreviewsPlan_WritesEverythingAndReportsIt()
    {
        using var home = new TempHome();
        Seed(home);
        var plan = await PlanOf(home, Aesr);
        var (_, replies) = await RunAsync(home, [Request(2, "import.apply", new JsonObject { ["text"] = Aesr, ["expectPlan"] = plan })]);

        var r = Assert.Single(replies)["result"]!;
        Assert.Equal((true, false), ((bool)r["applied"]!, (bool)r["planChanged"]!));
        Assert.Equal((1, 1, 1), ((int)r["counts"]!["added"]!, (int)r["counts"]!["updated"]!, (int)r["counts"]!["unchanged"]!));
        var store = home.OpenStore();
        Assert.Equal(store.GetRevision(), (long)r["revision"]!);
        var roles = store.List().Roles.ToDictionary(e => e.AccountId);
        Assert.Equal(("Dev", Origins.Import), (roles["222222222222"].DisplayName, roles["222222222222"].Origin));
        Assert.Equal("00ff00", roles["111111111111"].Color);
    }

    [Fact]
    public async Task Apply_AfterAnotherWriterChangedTheDiff_AnswersTheNewDiffAndWritesNothing()
    {
        using var home = new TempHome();
        Seed(home);
        var plan = await PlanOf(home, Aesr);
        home.OpenStore().Upsert([RoleValidator.Validate(new RoleInput("222222222222", "Dev", "Dev from the CLI"))]);
        var revision = home.OpenStore().GetRevision();

        var (_, replies) = await RunAsync(home, [Request(2, "import.apply", new JsonObject { ["text"] = Aesr, ["expectPlan"] = plan })]);

        var r = Assert.Single(replies)["result"]!;
        Assert.Equal((false, true), ((bool)r["applied"]!, (bool)r["planChanged"]!));
        Assert.Equal(0, (int)r["counts"]!["added"]!);
        Assert.NotEqual(plan, (string?)r["plan"]);
        Assert.Equal(revision, home.OpenStore().GetRevision());
        Assert.Equal("ff9900", home.OpenStore().Find(new RoleKey("111111111111", "Admin"))!.Color);

        // Applying the new diff goes through.
        var (_, again) = await RunAsync(home, [Request(3, "import.apply", new JsonObject { ["text"] = Aesr, ["expectPlan"] = (string?)r["plan"] })]);
        Assert.True((bool)again[0]["result"]!["applied"]!);
    }

    [Fact]
    public async Task Apply_AfterOnlyAUseElsewhere_StillApplies()
    {
        using var home = new TempHome();
        Seed(home);
        var plan = await PlanOf(home, Aesr);
        home.OpenStore().Touch(new RoleKey("333333333333", "Auditor"));

        var (_, replies) = await RunAsync(home, [Request(2, "import.apply", new JsonObject { ["text"] = Aesr, ["expectPlan"] = plan })]);

        Assert.True((bool)replies[0]["result"]!["applied"]!);
        Assert.Equal(3, home.OpenStore().List().Roles.Count);
    }

    [Fact]
    public async Task Apply_FileWithErrors_WritesNothingAndListsThem()
    {
        using var home = new TempHome();
        Seed(home);
        var revision = home.OpenStore().GetRevision();
        var text = Aesr + "\n\n[Broken]\naws_account_id = 12\nrole_name = X\n";

        var (_, replies) = await RunAsync(home, [Request(2, "import.apply", new JsonObject { ["text"] = text })]);

        var r = Assert.Single(replies)["result"]!;
        Assert.False((bool)r["applied"]!);
        var error = Assert.Single(r["errors"]!.AsArray())!;
        Assert.Equal((15, "aws_account_id"), ((int)error["line"]!, (string?)error["field"]));
        Assert.Equal(revision, home.OpenStore().GetRevision());
        Assert.Equal(2, home.OpenStore().List().Roles.Count);
    }

    [Fact]
    public async Task Apply_WithSource_MarksNewEntriesAsTeamEntries()
    {
        using var home = new TempHome();
        var (_, replies) = await RunAsync(home, [Request(1, "import.apply", new JsonObject { ["text"] = "account_id,role_name\n444444444444,Ops\n", ["source"] = "platform" })]);

        Assert.True((bool)replies[0]["result"]!["applied"]!);
        Assert.Equal("team:platform", Assert.Single(home.OpenStore().List().Roles).Origin);
    }
}
