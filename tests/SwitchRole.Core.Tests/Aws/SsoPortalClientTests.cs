using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class SsoPortalClientTests
{
    private static readonly SsoSettings Dev = new("dev", "corp", "https://corp.awsapps.com/start", "eu-central-1", "123456789012", "Developer");

    [Theory]
    [InlineData("eu-central-1", "https://portal.sso.eu-central-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://portal.sso.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://portal.sso.us-gov-west-1.amazonaws.com/")]
    [InlineData("eusc-de-east-1", "https://portal.sso.eusc-de-east-1.amazonaws.eu/")]
    public void EndpointFor_NoOverride_TheRegionsPortal(string region, string expected)
    {
        Assert.Equal(new Uri(expected), SsoPortalClient.EndpointFor(region, null, _ => null));
    }

    [Fact]
    public void EndpointFor_SsoVariableSet_WinsOverTheGlobalOne()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SSO"] = "http://127.0.0.1:4566", ["AWS_ENDPOINT_URL"] = "https://elsewhere.example.com" };

        Assert.Equal(new Uri("http://127.0.0.1:4566"), SsoPortalClient.EndpointFor("eu-central-1", null, env.GetValueOrDefault));
        Assert.Equal(new Uri("https://elsewhere.example.com"), SsoPortalClient.EndpointFor("eu-central-1", null, n => n == "AWS_ENDPOINT_URL" ? "https://elsewhere.example.com" : null));
    }

    [Fact]
    public void EndpointFor_PlainHttpToAnotherHost_RefusedBecauseTheTokenWouldTravelInClear()
    {
        var ex = Assert.Throws<StsException>(() => SsoPortalClient.EndpointFor("eu-central-1", null, n => n == "AWS_ENDPOINT_URL_SSO" ? "http://portal.example.com" : null));

        Assert.StartsWith("AWS_ENDPOINT_URL_SSO must be an https URL (or http on loopback)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRoleCredentialsAsync_EndpointWithPath_KeepsPathAndSendsEscapedQuery()
    {
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();
        fake.AddSsoAccessToken("tok-0123456789");
        var client = new SsoPortalClient(http, new Uri(fake.BaseUrl, "prefix/"), 1, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<StsException>(() => client.GetRoleCredentialsAsync(Dev with { RoleName = "Dev+Ops" }, "tok-0123456789"));

        var request = Assert.Single(fake.Requests);
        Assert.Equal("/prefix/federation/credentials", request.Path);
        Assert.Equal("Dev+Ops", request.Parameters["role_name"]);
    }

    [Fact]
    public async Task GetRoleCredentialsAsync_Assigned_ReturnsTheIssuedSessionCredentials()
    {
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();
        fake.AddSsoAccessToken("tok-0123456789");
        fake.SsoAssignments["123456789012/Developer"] = FakeSsoAssignment.Allow;
        var client = new SsoPortalClient(http, fake.SsoUrl, 1, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        var credentials = await client.GetRoleCredentialsAsync(Dev, "tok-0123456789");

        var identity = await credentials.GetCredentialsAsync();
        Assert.Equal(Assert.Single(fake.SsoIssuedAccessKeyIds), identity.AccessKey);
        Assert.Contains(identity.SecretKey, fake.IssuedSecrets);
        Assert.Contains(identity.Token, fake.IssuedSecrets);
    }

    [Fact]
    public async Task GetRoleCredentialsAsync_UnknownPath404_NotRetriedAndNamesStatus()
    {
        await using var fake = new FakeAwsEndpoints();
        using var http = new HttpClient();
        // The fake answers 404 for a path it does not serve: not retried, named by status.
        var client = new SsoPortalClient(http, new Uri(fake.BaseUrl, "nothing-here/"), 3, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        fake.AddSsoAccessToken("tok-0123456789");

        var ex = await Assert.ThrowsAsync<StsException>(() => client.GetRoleCredentialsAsync(Dev, "tok-0123456789"));

        Assert.Contains("answered GetRoleCredentials with HTTP 404", ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }
}
