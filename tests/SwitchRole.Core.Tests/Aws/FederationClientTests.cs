using System.Text.Json;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class FederationClientTests
{
    [Fact]
    public async Task GetSigninTokenAsync_RoleSession_SendsSessionJsonAndDurationAndReturnsToken()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.AddCredentials("ASIAFAKESESSION00001", "session-secret");
        using var http = new HttpClient();
        var federation = StsTestSupport.Federation(fake, http);
        var session = new RoleSession("ASIAFAKESESSION00001", "session-secret", "session-token", null, "arn:aws:sts::222222222222:assumed-role/Admin/s");

        var token = await federation.GetSigninTokenAsync(session, 7200);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/federation", request.Path);
        Assert.Equal("getSigninToken", request.Action);
        Assert.Equal("7200", request.Parameters["SessionDuration"]);
        using var json = JsonDocument.Parse(request.Parameters["Session"]);
        Assert.Equal("ASIAFAKESESSION00001", json.RootElement.GetProperty("sessionId").GetString());
        Assert.Equal("session-secret", json.RootElement.GetProperty("sessionKey").GetString());
        Assert.Equal("session-token", json.RootElement.GetProperty("sessionToken").GetString());
        Assert.Contains(token, fake.IssuedSecrets);
    }

    [Fact]
    public async Task GetSigninTokenAsync_ChainedSession_OmitsSessionDuration()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.AddCredentials("ASIAFAKESESSION00001", "session-secret");
        using var http = new HttpClient();
        var federation = StsTestSupport.Federation(fake, http);

        await federation.GetSigninTokenAsync(new RoleSession("ASIAFAKESESSION00001", "session-secret", "t", null, "a"), null);

        Assert.False(Assert.Single(fake.Requests).Parameters.ContainsKey("SessionDuration"));
    }

    [Fact]
    public async Task GetSigninTokenAsync_EndpointRefusesSession_ThrowsWithoutEchoingSecrets()
    {
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();
        var federation = StsTestSupport.Federation(fake, http);

        var ex = await Assert.ThrowsAsync<StsException>(() =>
            federation.GetSigninTokenAsync(new RoleSession("ASIAUNKNOWNSESSION01", "unknown-secret", "unknown-token", null, "a"), 3600));

        Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown-secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown-token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAUNKNOWNSESSION01", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildLoginUrl_Token_PutsIssuerDestinationAndTokenInQuery()
    {
        var federation = new FederationClient(new HttpClient(), FederationEndpoints.For(AwsPartition.Aws, _ => null));

        var url = federation.BuildLoginUrl("tok/en+1", AwsPartition.Aws.ConsoleDestination("eu-west-1"));

        Assert.Equal(
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=switchrole&Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1&SigninToken=tok%2Fen%2B1",
            url.AbsoluteUri);
    }

    [Fact]
    public void WrapWithLogout_LoginUrl_RedirectsThroughUsEast1Logout()
    {
        var federation = new FederationClient(new HttpClient(), FederationEndpoints.For(AwsPartition.Aws, _ => null));
        var login = federation.BuildLoginUrl("t", AwsPartition.Aws.ConsoleDestination(null));

        var wrapped = federation.WrapWithLogout(login);

        Assert.StartsWith("https://us-east-1.signin.aws.amazon.com/oauth?Action=logout&redirect_uri=https%3A%2F%2Fsignin.aws.amazon.com%2Ffederation%3FAction%3Dlogin", wrapped.AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws-us-gov", "https://signin.amazonaws-us-gov.com/federation")]
    [InlineData("aws-cn", "https://signin.amazonaws.cn/federation")]
    [InlineData("aws", "https://signin.aws.amazon.com/federation")]
    [InlineData("aws-eusc", "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation")]
    public void For_Partition_UsesThePartitionsSigninHost(string partition, string expected)
    {
        var endpoints = FederationEndpoints.For(AwsPartition.FromName(partition)!, _ => null);

        Assert.Equal(expected, endpoints.Federation.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://example.com/federation")]
    [InlineData("not a url")]
    [InlineData("https://example.com/federation?x=1")]
    public void For_UnsafeOverride_ThrowsNamingTheVariable(string value)
    {
        var ex = Assert.Throws<StsException>(() => FederationEndpoints.For(AwsPartition.Aws, _ => value));

        Assert.Contains(FederationEndpoints.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
    }
}
