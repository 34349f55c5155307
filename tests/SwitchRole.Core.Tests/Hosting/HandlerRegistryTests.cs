using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Tests.Hosting;

public sealed class HandlerRegistryTests
{
    [Fact]
    public void Create_ActionsThatWaitOnTheNetwork_AreExactlyTheReadOnlyAwsOnes()
    {
        using var home = new TempHome();
        var handlers = HandlerRegistry.Create(new HostSession(home.Paths, "9.9.9", home.OpenStore(), null));

        // These run beside the loop (PROTOCOL.md, "Answers and their order"); everything else answers in turn.
        Assert.Equal(["aws.check", "aws.signinUrl", "sso.accounts", "sso.sessions", "sso.signinUrl"], handlers.Values.Where(h => h.WaitsOnNetwork).Select(h => h.Action).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CreateForBrowser_ListsWhatTheWorkerServes_AndRelaysExactlyTheStoreActionsThatParseFiles()
    {
        using var home = new TempHome();
        var session = new HostSession(home.Paths, "9.9.9", home.OpenStore(), null);
        var browser = HandlerRegistry.CreateForBrowser(session, new NetworkWorker(Path.Combine(home.Root, "switchrole")));
        var worker = HandlerRegistry.Create(session, NetworkActions.Names.Select(name => new FakeNetworkHandler(name)));

        // The split changes nothing a browser sees: the same actions, and hello lists the same capabilities.
        Assert.Equal(worker.Keys.Order(StringComparer.Ordinal), browser.Keys.Order(StringComparer.Ordinal));
        var relayed = browser.Values.OfType<RelayHandler>().ToList();
        Assert.Equal(NetworkActions.StoreNames.Concat(NetworkActions.Names).Order(StringComparer.Ordinal), relayed.Select(h => h.Action).Order(StringComparer.Ordinal));

        // Relayed writes stay in turn: a request sent after an import sees it.
        Assert.All(relayed.Where(h => NetworkActions.StoreNames.Contains(h.Action)), h => Assert.False(h.WaitsOnNetwork, h.Action));
        Assert.IsType<RolesListHandler>(browser["roles.list"]);
        Assert.IsType<ImportApplyHandler>(worker["import.apply"]);
    }

    private sealed class FakeNetworkHandler(string action) : IRequestHandler
    {
        public string Action => action;

        public bool WaitsOnNetwork => true;

        public Task HandleAsync(Request request, Responder responder, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
