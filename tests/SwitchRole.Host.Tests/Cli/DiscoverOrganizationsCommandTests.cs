using System.Text.Json;

namespace SwitchRole.Host.Tests.Cli;

public sealed class DiscoverOrganizationsCommandTests
{
    private static async Task<(AwsCliHarness Cli, FakeAwsCatalogue Org)> StartAsync()
    {
        var cli = new AwsCliHarness();
        var org = new FakeAwsCatalogue { PageSize = 2 };
        org.AddCredentials(AwsCliHarness.AccessKeyId, AwsCliHarness.SecretAccessKey);
        cli.Environment["AWS_ENDPOINT_URL_ORGANIZATIONS"] = org.BaseUrl.ToString();
        org.Units["ou-prod"] = ("Prod", null);
        org.Units["ou-pay"] = ("Payments", "ou-prod");
        org.Accounts =
        [
            new("100000000001", "Management"),
            new("100000000002", "Payments prod", ParentOuId: "ou-pay"),
            new("100000000003", "Old sandbox", "SUSPENDED"),
            new("100000000004", "Closing", "PENDING_CLOSURE"),
            new("100000000005", "Gone", "CLOSED"),
            new("100000000006", "Web prod", ParentOuId: "ou-prod"),
        ];
        await Task.CompletedTask;
        return (cli, org);
    }

    [Fact]
    public async Task DiscoverOrganizations_SeveralPages_AddsExactlyTheActiveAccountsNamedAfterThem_SecondRunChangesNothing()
    {
        var (cli, org) = await StartAsync();
        await using var _ = cli;
        await using var __ = org;

        var dry = await cli.RunAsync("discover", "organizations", "--role", "OrgAdmin", "--dry-run", "--json");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(3, JsonDocument.Parse(dry.Out).RootElement.GetProperty("added").GetArrayLength());
        var empty = await cli.RunAsync("list", "--json");
        Assert.DoesNotContain("1000000000", empty.Out, StringComparison.Ordinal);

        var first = await cli.RunAsync("discover", "organizations", "--role", "OrgAdmin", "--group-by", "ou");
        Assert.True(first.ExitCode == 0, first.ToString());
        var list = await cli.RunAsync("list", "--json");
        using var roles = JsonDocument.Parse(list.Out);
        var entries = Items(roles.RootElement).Select(e => (
            Account: e.GetProperty("accountId").GetString(),
            Role: e.GetProperty("roleName").GetString(),
            Name: e.GetProperty("displayName").GetString(),
            Group: e.TryGetProperty("group", out var g) ? g.GetString() : null)).OrderBy(e => e.Account).ToList();
        Assert.Equal(
            [("100000000001", "OrgAdmin", "Management", null), ("100000000002", "OrgAdmin", "Payments prod", "Prod/Payments"), ("100000000006", "OrgAdmin", "Web prod", "Prod")],
            entries.Select(e => (e.Account, e.Role, e.Name, e.Group)).ToList());
        // Two runs (dry and real), each through all three pages of two accounts.
        Assert.Equal(6, org.Requests.Count(r => r.Target == "AWSOrganizationsV20161128.ListAccounts"));
        Assert.Equal(0, org.BadSignatures);

        var second = await cli.RunAsync("discover", "organizations", "--role", "OrgAdmin", "--group-by", "ou", "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        using var summary = JsonDocument.Parse(second.Out);
        Assert.Equal(0, summary.RootElement.GetProperty("added").GetArrayLength());
        Assert.Equal(0, summary.RootElement.GetProperty("updated").GetArrayLength());
    }

    [Fact]
    public async Task DiscoverOrganizations_AccessDenied_OneSentenceNamingThePermission_NothingWritten()
    {
        var (cli, org) = await StartAsync();
        await using var _ = cli;
        await using var __ = org;
        cli.Environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-0123456789abcdefghijklmnopqr";

        var result = await cli.RunAsync("discover", "organizations", "--role", "OrgAdmin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rejected your credentials", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrganizationsSource_AddsAndDropsAccountsAsTheOrganizationChanges()
    {
        var (cli, org) = await StartAsync();
        await using var _ = cli;
        await using var __ = org;

        var add = await cli.RunAsync("source", "add", "org", "--organizations", "--role", "OrgAdmin");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(["100000000001", "100000000002", "100000000006"], await AccountsAsync(cli));

        org.Accounts = [.. org.Accounts.Where(a => a.Id != "100000000002"), new("100000000007", "New team")];
        org.Accounts[0] = org.Accounts[0] with { State = "CLOSED" };
        var sync = await cli.RunAsync("source", "sync", "org");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Equal(["100000000006", "100000000007"], await AccountsAsync(cli));

        var listing = await cli.RunAsync("source", "list");
        Assert.Contains("organizations:role=OrgAdmin", listing.Out, StringComparison.Ordinal);
    }

    internal static IEnumerable<JsonElement> Items(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.GetProperty("roles").EnumerateArray();

    internal static async Task<List<string>> AccountsAsync(AwsCliHarness cli)
    {
        var list = await cli.RunAsync("list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        using var json = JsonDocument.Parse(list.Out);
        return [.. Items(json.RootElement).Select(e => e.GetProperty("accountId").GetString()!).Order(StringComparer.Ordinal)];
    }
}
