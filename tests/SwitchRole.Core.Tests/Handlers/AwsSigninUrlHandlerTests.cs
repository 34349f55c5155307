using System.Web;
using SwitchRole.Core.Hosting;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Tests.Protocol;
using SwitchRole.Network.Handlers;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class AwsSigninUrlHandlerTests
{
    [Fact]
    public async Task AwsSigninUrl_AllowedRole_ReturnsLoginUrlForTheRegionAndNoCredentials()
    {
        using var home = new TempHome();
        await using var fake = new FakeAwsEndpoints();
        fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home,
            [Frame("""{"id":1,"action":"aws.signinUrl","accountId":"222222222222","roleName":"Admin","region":"eu-west-1","logoutFirst":true}""")],
            s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, AwsCheckHandlerTests.Services(fake, http))));

        var result = Assert.Single(replies)["result"]!;
        Assert.Equal("arn:aws:iam::222222222222:role/Admin", (string?)result["roleArn"]);
        Assert.Equal(3600, (int)result["durationSeconds"]!);
        var url = new Uri((string)result["url"]!);
        var login = new Uri(HttpUtility.ParseQueryString(url.Query)["redirect_uri"]!);
        var query = HttpUtility.ParseQueryString(login.Query);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", query["Destination"]);
        Assert.Contains(query["SigninToken"], fake.IssuedSecrets);
        var frame = replies[0].ToJsonString();
        Assert.DoesNotContain(fake.IssuedSecrets, s => s != query["SigninToken"] && frame.Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AwsSigninUrl_DurationOutOfRange_AnswersInvalidField()
    {
        using var home = new TempHome();
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home,
            [Frame("""{"id":2,"action":"aws.signinUrl","accountId":"222222222222","roleName":"Admin","durationSeconds":60}""")],
            s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, AwsCheckHandlerTests.Services(fake, http))));

        MessageLoopTests.AssertError(replies[0], ErrorCode.InvalidField, id: 2);
        Assert.Equal("durationSeconds", (string?)replies[0]["error"]!["field"]);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task AwsSigninUrl_DeniedRole_AnswersAwsErrorNamingTheTrustPolicy()
    {
        using var home = new TempHome();
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home,
            [Frame("""{"id":3,"action":"aws.signinUrl","accountId":"222222222222","roleName":"Nope"}""")],
            s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, AwsCheckHandlerTests.Services(fake, http))));

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 3);
        Assert.Equal("denied-by-trust-policy", (string?)replies[0]["error"]!["field"]);
    }
}
