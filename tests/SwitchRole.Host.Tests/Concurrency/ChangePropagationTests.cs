using System.Text.Json.Nodes;
using SwitchRole.Core;

namespace SwitchRole.Host.Tests.Concurrency;

/// <summary>A write by any process reaches every other running host as a <c>changed</c> event.</summary>
[Collection(ManyProcesses.Name)]
public sealed class ChangePropagationTests
{
    private static readonly string ChromiumCaller = Constants.ChromiumOrigin(Constants.ChromiumDevelopmentExtensionId);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30); // generous: other tests load the machine; speed is measured by tests/bench

    [Fact]
    public async Task WriteInOneHost_AddDeleteAndTouch_ReachTheOtherHostWithTheNewRevision()
    {
        using var home = new TempHome();
        using var chrome = HostProcess.Start(home.Root, ChromiumCaller);
        using var firefox = HostProcess.Start(home.Root, ChromiumCaller);
        await Task.WhenAll(Hello(chrome), Hello(firefox));

        // Add in one: the other announces the new revision and lists the entry.
        var added = await chrome.RequestAsync(10, Upsert("111111111111", "Admin", "First"));
        var revision = Revision(added);
        await WaitForChangedAsync(firefox, revision, home);
        await WaitForChangedAsync(chrome, revision, home); // its own writes too, so every open view of one browser refreshes
        Assert.Contains(await ListAsync(firefox, 20), r => r == "111111111111:Admin");

        await chrome.RequestAsync(11, Upsert("222222222222", "Admin", "Second"));
        // Delete in the other: gone in the first.
        var deleted = await firefox.RequestAsync(21, """{"action":"roles.delete","accountId":"111111111111","roleName":"Admin"}""");
        await WaitForChangedAsync(chrome, Revision(deleted), home);
        Assert.Equal(["222222222222:Admin"], await ListAsync(chrome, 12));

        await chrome.RequestAsync(13, Upsert("333333333333", "Admin", "Third"));
        await firefox.RequestAsync(22, """{"action":"roles.touch","accountId":"222222222222","roleName":"Admin"}""");
        var touched = await firefox.RequestAsync(23, """{"action":"roles.touch","accountId":"333333333333","roleName":"Admin"}""");

        // A switch (touch) in one moves the entry to the top of the other's list.
        await WaitForChangedAsync(chrome, Revision(touched), home);
        Assert.Equal(["333333333333:Admin", "222222222222:Admin"], await ListAsync(chrome, 14));
    }

    [Fact]
    public async Task CliWrite_ReachesEveryRunningHost()
    {
        using var home = new TempHome();
        var hosts = Enumerable.Range(0, 3).Select(_ => HostProcess.Start(home.Root, ChromiumCaller)).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(Hello));
            var (exit, _, error) = await HostProcess.RunCliAsync(home.Root, Deadline, "add", "--account", "444455556666", "--role", "Auditor");
            Assert.True(exit == 0, error);
            var revision = home.OpenStore().GetRevision();
            await Task.WhenAll(hosts.Select(h => WaitForChangedAsync(h, revision, home)));
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
            {
                Assert.Equal(["444455556666:Auditor"], await ListAsync(host, 30 + i));
            }
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
        }
    }

    private static async Task Hello(HostProcess host) =>
        Assert.True((bool)(await host.RequestAsync(1, """{"action":"hello"}""", TimeSpan.FromSeconds(60)))["ok"]!);

    private static string Upsert(string account, string role, string name) =>
        new JsonObject { ["action"] = "roles.upsert", ["role"] = new JsonObject { ["accountId"] = account, ["roleName"] = role, ["displayName"] = name } }.ToJsonString();

    private static long Revision(JsonObject response)
    {
        Assert.True((bool)response["ok"]!, response.ToJsonString());
        return (long)response["result"]!["revision"]!;
    }

    /// <summary>Waits for the host's <c>changed</c> event; a miss fails with the host's stderr and the log, so a rare miss under load can be read.</summary>
    private static async Task WaitForChangedAsync(HostProcess host, long revision, TempHome home)
    {
        try
        {
            await host.ReadUntilAsync(f => (string?)f["event"] == "changed" && (long)f["revision"]! >= revision, Deadline);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"host {host.Id} did not announce revision {revision} within {Deadline.TotalSeconds} s; stderr:\n{host.StandardError}\nlogs:\n{DatabaseCheck.Logs(home)}");
        }
    }

    private static async Task<List<string>> ListAsync(HostProcess host, int id)
    {
        var response = await host.RequestAsync(id, """{"action":"roles.list"}""");
        Assert.True((bool)response["ok"]!, response.ToJsonString());
        Assert.Equal(1, (int)response["result"]!["parts"]!);
        return [.. response["result"]!["roles"]!.AsArray().Select(r => $"{r!["accountId"]}:{r["roleName"]}")];
    }
}
