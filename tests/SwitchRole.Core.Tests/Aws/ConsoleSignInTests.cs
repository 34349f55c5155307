using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class ConsoleSignInTests
{
    private const string RoleArn = "arn:aws:iam::222222222222:role/Admin";

    [Fact]
    public async Task CreateLoginUrlAsync_LongTermCredentials_AssumesRoleGetsTokenAndBuildsRegionalLoginUrl()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow, MaxSessionDurationSeconds: 43200);
        using var sts = StsTestSupport.Gateway(fake);
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));

        var result = await signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", "ap-southeast-2", 7200), _ => null);

        Assert.Equal(["GetCallerIdentity", "AssumeRole", "getSigninToken"], fake.Requests.Select(r => r.Action));
        var assume = fake.Requests[1];
        Assert.Equal("7200", assume.Parameters["DurationSeconds"]);
        Assert.StartsWith("switchrole", assume.Parameters["RoleSessionName"], StringComparison.Ordinal);
        Assert.Equal("7200", fake.Requests[2].Parameters["SessionDuration"]);
        Assert.Equal(7200, result.DurationSeconds);
        Assert.False(result.RoleChaining);
        var query = System.Web.HttpUtility.ParseQueryString(result.Url.Query);
        Assert.Equal("login", query["Action"]);
        Assert.Equal("https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2", query["Destination"]);
        Assert.Contains(query["SigninToken"], fake.IssuedSecrets);
        Assert.StartsWith(fake.FederationUrl.AbsoluteUri, result.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateLoginUrlAsync_SovereignCloudRegion_AssumesTheAwsEuscRoleAndLandsOnTheRegionalConsole()
    {
        const string euscArn = "arn:aws-eusc:iam::222222222222:role/Admin";
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[euscArn] = new FakeRole(FakeRoleKind.Allow);
        using var sts = StsTestSupport.Gateway(fake, region: "eusc-de-east-1");
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));

        var result = await signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", null, null), _ => null);

        Assert.Equal(euscArn, fake.Requests[1].Parameters["RoleArn"]);
        var query = System.Web.HttpUtility.ParseQueryString(result.Url.Query);
        Assert.Equal("https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1", query["Destination"]);
    }

    [Fact]
    public async Task CreateLoginUrlAsync_RoleSessionCredentials_CapsAtOneHourAndOmitsSessionDuration()
    {
        await using var fake = new FakeAwsEndpoints { CallerArn = "arn:aws:sts::111111111111:assumed-role/Base/me" };
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow, MaxSessionDurationSeconds: 43200);
        using var sts = StsTestSupport.Gateway(fake);
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));

        var result = await signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", DurationSeconds: 14400), _ => null);

        Assert.True(result.RoleChaining);
        Assert.Equal(3600, result.DurationSeconds);
        Assert.Contains("role chaining", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.Equal("3600", fake.Requests.Single(r => r.Action == "AssumeRole").Parameters["DurationSeconds"]);
        Assert.False(fake.Requests.Single(r => r.Action == "getSigninToken").Parameters.ContainsKey("SessionDuration"));
    }

    [Fact]
    public async Task CreateLoginUrlAsync_MfaSerialGiven_AsksForCodeAndSendsIt()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "246810");
        using var sts = StsTestSupport.Gateway(fake);
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));
        string? askedFor = null;

        await signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", MfaSerial: "arn:aws:iam::111111111111:mfa/alice"), device =>
        {
            askedFor = device;
            return "246810";
        });

        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", askedFor);
        Assert.Equal("246810", fake.Requests.Single(r => r.Action == "AssumeRole").Parameters["TokenCode"]);
    }

    [Fact]
    public async Task CreateLoginUrlAsync_MfaNeededButNoCode_ThrowsBeforeAssumingTheRole()
    {
        await using var fake = new FakeAwsEndpoints();
        using var sts = StsTestSupport.Gateway(fake);
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));

        var ex = await Assert.ThrowsAsync<StsException>(() =>
            signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", MfaSerial: "arn:aws:iam::111111111111:mfa/alice"), _ => null));

        Assert.Equal(StsFailureKind.MfaRequired, ex.Kind);
        Assert.DoesNotContain(fake.Requests, r => r.Action == "AssumeRole");
    }

    [Theory]
    [InlineData(899)]
    [InlineData(43201)]
    public async Task CreateLoginUrlAsync_DurationOutOfRange_ThrowsValidationBeforeAnyCall(int seconds)
    {
        await using var fake = new FakeAwsEndpoints();
        using var sts = StsTestSupport.Gateway(fake);
        using var http = new HttpClient();
        var signIn = new ConsoleSignIn(sts, StsTestSupport.Federation(fake, http));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => signIn.CreateLoginUrlAsync(new ConsoleSignInRequest("222222222222", "Admin", DurationSeconds: seconds), _ => null));

        Assert.Equal("duration", ex.Field);
        Assert.Empty(fake.Requests);
    }
}
