using SwitchRole.Core.Handlers;
using SwitchRole.Core.Hosting;

namespace SwitchRole.Core.Tests.Hosting;

public sealed class HandlerRegistryTests
{
    [Fact]
    public void Create_ActionsThatWaitOnTheNetwork_AreExactlyTheReadOnlyAwsOnes()
    {
        using var home = new TempHome();
        var handlers = HandlerRegistry.Create(new HostSession(home.Paths, "9.9.9", home.OpenStore(), null));

        // These run beside the loop (PROTOCOL.md, "Answers and their order"); everything else answers in turn.
        Assert.Equal(["aws.check", "aws.signinUrl", "sso.accounts", "sso.signinUrl"], handlers.Values.Where(h => h.WaitsOnNetwork).Select(h => h.Action).Order(StringComparer.Ordinal));
    }
}
