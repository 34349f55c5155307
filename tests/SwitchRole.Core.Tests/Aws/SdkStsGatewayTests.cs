using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed partial class SdkStsGatewayTests
{
    private const string RoleArn = "arn:aws:iam::222222222222:role/Admin";

    [Fact]
    public async Task GetCallerIdentityAsync_ValidCredentials_ReturnsIdentityFromSignedQueryRequest()
    {
        await using var fake = new FakeAwsEndpoints { CallerAccount = "123456789012", CallerArn = "arn:aws:iam::123456789012:user/bob", CallerUserId = "AIDABOB" };
        using var sts = StsTestSupport.Gateway(fake);

        var identity = await sts.GetCallerIdentityAsync();

        Assert.Equal(new StsIdentity("123456789012", "arn:aws:iam::123456789012:user/bob", "AIDABOB"), identity);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("GetCallerIdentity", request.Action);
        Assert.Equal("2011-06-15", request.Parameters["Version"]);
        Assert.True(request.SignatureValid);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={StsTestSupport.AccessKeyId}/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sts/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleAsync_AllowedRole_SendsArnSessionDurationAndReturnsSession()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow);
        using var sts = StsTestSupport.Gateway(fake);

        var session = await sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "switchrole-check-test", 900));

        var request = Assert.Single(fake.Requests);
        Assert.Equal("AssumeRole", request.Action);
        Assert.Equal(RoleArn, request.Parameters["RoleArn"]);
        Assert.Equal("switchrole-check-test", request.Parameters["RoleSessionName"]);
        Assert.Equal("900", request.Parameters["DurationSeconds"]);
        Assert.False(request.Parameters.ContainsKey("SerialNumber"));
        Assert.True(request.SignatureValid);
        Assert.StartsWith("ASIA", session.AccessKeyId, StringComparison.Ordinal);
        Assert.Contains(session.SecretAccessKey, fake.IssuedSecrets);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Admin/switchrole-check-test", session.AssumedRoleArn);
        Assert.DoesNotContain(session.SecretAccessKey, session.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRoleAsync_WithMfaAndExternalId_SendsSerialCodeAndExternalId()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "123456");
        using var sts = StsTestSupport.Gateway(fake);

        await sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900, "arn:aws:iam::111111111111:mfa/alice", "123456", "ext-1"));

        var request = Assert.Single(fake.Requests);
        Assert.Equal("arn:aws:iam::111111111111:mfa/alice", request.Parameters["SerialNumber"]);
        Assert.Equal("123456", request.Parameters["TokenCode"]);
        Assert.Equal("ext-1", request.Parameters["ExternalId"]);
    }

    [Theory]
    [InlineData(FakeRoleKind.DenyByTrustPolicy, StsFailureKind.DeniedByTrustPolicy, "trust policy")]
    [InlineData(FakeRoleKind.DenyByCallerPolicy, StsFailureKind.DeniedByCallerPolicy, "your own permissions")]
    [InlineData(FakeRoleKind.DenyUnspecified, StsFailureKind.Denied, "access denied")]
    [InlineData(FakeRoleKind.InvalidArn, StsFailureKind.NotFound, "not valid")]
    [InlineData(FakeRoleKind.RequireMfa, StsFailureKind.Denied, "access denied")]
    public async Task AssumeRoleAsync_RefusedRole_ThrowsKindNamingTheRole(FakeRoleKind kind, StsFailureKind expected, string says)
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(kind, MfaCode: "123456");
        using var sts = StsTestSupport.Gateway(fake);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900)));

        Assert.Equal(expected, ex.Kind);
        Assert.Contains(RoleArn, ex.Message, StringComparison.Ordinal);
        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task AssumeRoleAsync_WrongMfaCode_ThrowsMfaRequired()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.RequireMfa, MfaCode: "123456");
        using var sts = StsTestSupport.Gateway(fake);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900, "arn:aws:iam::111111111111:mfa/alice", "654321")));

        Assert.Equal(StsFailureKind.MfaRequired, ex.Kind);
    }

    [Fact]
    public async Task AssumeRoleAsync_ThrottledOnce_RetriesAndSucceeds()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.ThrottleOnce);
        using var sts = StsTestSupport.Gateway(fake);

        var session = await sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900));

        Assert.NotEmpty(session.SessionToken);
        Assert.Equal(2, fake.Requests.Count(r => r.Action == "AssumeRole"));
    }

    [Fact]
    public async Task AssumeRoleAsync_ThrottledEveryTime_ThrowsThrottledAfterEveryAttempt()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.ThrottleAlways);
        using var sts = StsTestSupport.Gateway(fake, maxAttempts: 3);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 900)));

        Assert.Equal(StsFailureKind.Throttled, ex.Kind);
        Assert.Equal("Throttling", ex.AwsErrorCode);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task AssumeRoleAsync_DurationOverRoleMaximum_ThrowsDurationTooLongWithFix()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[RoleArn] = new FakeRole(FakeRoleKind.Allow, MaxSessionDurationSeconds: 3600);
        using var sts = StsTestSupport.Gateway(fake);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.AssumeRoleAsync(new AssumeRoleSpec(RoleArn, "s1", 7200)));

        Assert.Equal(StsFailureKind.DurationTooLong, ex.Kind);
        Assert.Contains("--duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_ExpiredToken_ThrowsExpiredWithFixAndAffectsEveryCall()
    {
        await using var fake = new FakeAwsEndpoints { Fault = FakeStsFault.ExpiredToken };
        using var sts = StsTestSupport.Gateway(fake);

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.ExpiredCredentials, ex.Kind);
        Assert.True(ex.AffectsEveryCall);
        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_WrongSecret_ThrowsInvalidCredentials()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.AddCredentials("AKIAOTHERKEY00000001", "the-right-secret");
        using var sts = new SdkStsGateway(new StsGatewayOptions
        {
            Credentials = new BasicAWSCredentials("AKIAOTHERKEY00000001", "a-wrong-secret"),
            ServiceUrl = fake.StsUrl,
            Region = "us-east-1",
            GetEnvironmentVariable = _ => null,
        });

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.InvalidCredentials, ex.Kind);
        Assert.False(Assert.Single(fake.Requests).SignatureValid);
        Assert.DoesNotContain("a-wrong-secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAOTHERKEY00000001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCallerIdentityAsync_NothingListening_ThrowsNetworkErrorNamingTheEndpoint()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var sts = new SdkStsGateway(new StsGatewayOptions
        {
            Credentials = new BasicAWSCredentials(StsTestSupport.AccessKeyId, StsTestSupport.SecretAccessKey),
            ServiceUrl = new Uri($"http://127.0.0.1:{port}/"),
            Region = "us-east-1",
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            GetEnvironmentVariable = _ => null,
        });

        var ex = await Assert.ThrowsAsync<StsException>(() => sts.GetCallerIdentityAsync());

        Assert.Equal(StsFailureKind.Network, ex.Kind);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("network", ex.Message, StringComparison.Ordinal);
    }
}
