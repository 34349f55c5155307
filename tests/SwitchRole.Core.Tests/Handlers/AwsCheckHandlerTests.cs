using SwitchRole.Core.Hosting;
using SwitchRole.Core.Model;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Tests.Protocol;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Handlers;
using static SwitchRole.TestSupport.HostHarness;

namespace SwitchRole.Core.Tests.Handlers;

public sealed class AwsCheckHandlerTests
{
    internal static AwsServices Services(FakeAwsEndpoints fake, HttpClient http) =>
        new((_, region) => StsTestSupport.Gateway(fake, region ?? "us-east-1"), _ => StsTestSupport.Federation(fake, http));

    [Fact]
    public async Task AwsCheck_All_ReturnsEachStoredEntrysStatus()
    {
        using var home = new TempHome();
        home.OpenStore().Upsert([
            RoleValidator.Validate(new RoleInput("222222222222", "Admin")),
            RoleValidator.Validate(new RoleInput("333333333333", "Deploy")),
        ]);
        await using var fake = new FakeAwsEndpoints();
        fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home, [Frame("""{"id":1,"action":"aws.check","all":true}""")], s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, Services(fake, http))));

        var result = Assert.Single(replies)["result"]!;
        Assert.Equal(2, (int)result["total"]!);
        Assert.Equal(1, (int)result["assumable"]!);
        var statuses = result["results"]!.AsArray().ToDictionary(r => (string)r!["accountId"]!, r => (string?)r!["status"]);
        Assert.Equal("assumable", statuses["222222222222"]);
        Assert.Equal("denied-by-trust-policy", statuses["333333333333"]);
        Assert.DoesNotContain(fake.IssuedSecrets, s => replies[0].ToJsonString().Contains(s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AwsCheck_ExpiredCredentials_AnswersAwsErrorWithKindAndFix()
    {
        using var home = new TempHome();
        await using var fake = new FakeAwsEndpoints { Fault = FakeStsFault.ExpiredToken };
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home, [Frame("""{"id":2,"action":"aws.check","accountId":"222222222222","roleName":"Admin"}""")], s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, Services(fake, http))));

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 2);
        Assert.Equal("expired-credentials", (string?)replies[0]["error"]!["field"]);
        Assert.Contains("expired", (string?)replies[0]["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCheck_BadAccountId_AnswersInvalidFieldWithoutCallingAws()
    {
        using var home = new TempHome();
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();

        var (_, replies) = await RunAsync(home, [Frame("""{"id":3,"action":"aws.check","accountId":"12ab","roleName":"Admin"}""")], s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, Services(fake, http))));

        MessageLoopTests.AssertError(replies[0], ErrorCode.InvalidField, id: 3);
        Assert.Equal("accountId", (string?)replies[0]["error"]!["field"]);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task AwsCheck_GatewayCannotBeCreated_AnswersAwsErrorNotInternalError()
    {
        using var home = new TempHome();
        using var http = new HttpClient();
        var failing = new AwsServices(
            (profile, _) => throw new StsException(StsFailureKind.ProfileNotFound, $"The AWS profile '{profile}' is not in your AWS config or credentials file."),
            _ => new FederationClient(http, FederationEndpoints.For(AwsPartition.Aws, _ => null)));

        var (_, replies) = await RunAsync(home, [Frame("""{"id":4,"action":"aws.check","accountId":"222222222222","roleName":"Admin","profile":"nope"}""")], s => HandlerRegistry.Create(s, NetworkHandlers.Create(s, failing)));

        MessageLoopTests.AssertError(replies[0], ErrorCode.AwsError, id: 4);
        Assert.Equal("profile-not-found", (string?)replies[0]["error"]!["field"]);
    }
}
