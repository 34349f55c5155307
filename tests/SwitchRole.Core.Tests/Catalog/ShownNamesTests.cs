using SwitchRole.Core.Catalog;
using SwitchRole.Core.Model;

namespace SwitchRole.Core.Tests.Catalog;

/// <summary>The impersonation rule alone: entries in, shown names out.</summary>
public sealed class ShownNamesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static RoleEntry Entry(string account, string role, string name, string origin = "local") =>
        new(account, role, name, null, null, null, null, origin, T0, T0, null, 0);

    [Fact]
    public void TeamEntryNamedLikeAPersonalOne_IsShownWithItsSource()
    {
        var own = Entry("111111111111", "Admin", "Prod admin");
        var team = Entry("999999999999", "Admin", "Prod admin", "team:platform");

        var names = ShownNames.For([own, team]);

        Assert.Equal("Prod admin · team:platform", names.Of(team));
        Assert.Equal("Prod admin", names.Of(own));
    }

    [Theory]
    [InlineData("prod ADMIN", "console")]
    [InlineData("  Prod admin ", "import")]
    [InlineData("PROD ADMIN", "local")]
    public void NamesCompareTrimmedInAnyCase_AndLearnedOrImportedEntriesArePersonal(string ownName, string ownOrigin)
    {
        var team = Entry("999999999999", "Admin", "Prod admin", "team:platform");

        var names = ShownNames.For([Entry("111111111111", "Admin", ownName, ownOrigin), team]);

        Assert.Equal("Prod admin · team:platform", names.Of(team));
    }

    [Fact]
    public void TeamEntriesWithTheirOwnNames_OrNamedLikeAnotherTeamEntry_AreShownAsTheyAre()
    {
        var a = Entry("999999999999", "Admin", "Shared admin", "team:platform");
        var b = Entry("888888888888", "Admin", "Shared admin", "team:security");

        var names = ShownNames.For([Entry("111111111111", "Admin", "Prod admin"), a, b]);

        Assert.Equal("Shared admin", names.Of(a));
        Assert.Equal("Shared admin", names.Of(b));
    }

    [Fact]
    public void TheRuleComesFromTheWholeCatalogue_NotTheRowShown()
    {
        var team = Entry("999999999999", "Admin", "Prod admin", "team:platform");

        Assert.Equal("Prod admin", ShownNames.For([team]).Of(team));
        Assert.Equal("Prod admin · team:platform", ShownNames.For([team, Entry("111111111111", "Admin", "Prod admin")]).Of(team));
    }
}
