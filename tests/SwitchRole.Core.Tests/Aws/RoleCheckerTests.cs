using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class RoleCheckerTests
{
    [Fact]
    public async Task CheckAsync_MixedRoles_ReportsEachOutcomeInInputOrder()
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles["arn:aws:iam::222222222222:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        fake.Roles["arn:aws:iam::333333333333:role/ops/Deploy"] = new FakeRole(FakeRoleKind.DenyByCallerPolicy);
        fake.Roles["arn:aws:iam::555555555555:role/Slow"] = new FakeRole(FakeRoleKind.ThrottleOnce);
        fake.Roles["arn:aws:iam::666666666666:role/Busy"] = new FakeRole(FakeRoleKind.ThrottleAlways);
        using var sts = StsTestSupport.Gateway(fake, maxAttempts: 3);

        var results = await RoleChecker.CheckAsync(sts,
        [
            new RoleCheckTarget("222222222222", "Admin"),
            new RoleCheckTarget("333333333333", "ops/Deploy"),
            new RoleCheckTarget("444444444444", "Missing"),
            new RoleCheckTarget("555555555555", "Slow"),
            new RoleCheckTarget("666666666666", "Busy"),
        ]);

        Assert.Equal(
            ["assumable", "denied-by-caller-policy", "denied-by-trust-policy", "assumable", "throttled"],
            results.Select(r => r.StatusName));
        Assert.Equal("arn:aws:iam::333333333333:role/ops/Deploy", results[1].RoleArn);
        Assert.All(fake.Requests, r => Assert.Equal("900", r.Parameters["DurationSeconds"]));
        Assert.All(fake.Requests, r => Assert.StartsWith("switchrole-check", r.Parameters["RoleSessionName"], StringComparison.Ordinal));
        Assert.Equal(3, fake.Requests.Count(r => r.Parameters["RoleArn"].EndsWith("/Busy", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CheckAsync_TenRoles_NeverMoreThanFourCallsAtOnce()
    {
        await using var fake = new FakeAwsEndpoints { HoldAssumeRoleUntilInFlight = RoleChecker.MaxConcurrency };
        var targets = Enumerable.Range(0, 10).Select(i => new RoleCheckTarget($"2222222222{i:00}", "Admin")).ToList();
        foreach (var target in targets)
        {
            fake.Roles[$"arn:aws:iam::{target.AccountId}:role/Admin"] = new FakeRole(FakeRoleKind.Allow);
        }

        using var sts = StsTestSupport.Gateway(fake);

        var results = await RoleChecker.CheckAsync(sts, targets);

        Assert.All(results, r => Assert.True(r.IsAssumable));
        Assert.Equal(4, fake.MaxAssumeRoleInFlight);
        Assert.Equal(10, fake.Requests.Count);
    }

    [Fact]
    public async Task CheckAsync_ExpiredCredentials_StopsWithOneErrorInsteadOfOnePerRole()
    {
        await using var fake = new FakeAwsEndpoints { Fault = FakeStsFault.ExpiredToken };
        using var sts = StsTestSupport.Gateway(fake);
        var targets = Enumerable.Range(0, 12).Select(i => new RoleCheckTarget($"2222222222{i:00}", "Admin")).ToList();

        var ex = await Assert.ThrowsAsync<StsException>(() => RoleChecker.CheckAsync(sts, targets));

        Assert.Equal(StsFailureKind.ExpiredCredentials, ex.Kind);
        Assert.True(fake.Requests.Count < 12, $"all {fake.Requests.Count} entries were tried after the credentials had failed");
    }

    [Theory]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::222222222222:role/Admin")]
    [InlineData("eusc-de-east-1", "arn:aws-eusc:iam::222222222222:role/Admin")]
    public async Task CheckAsync_OtherPartitionsRegion_BuildsThatPartitionsArn(string region, string arn)
    {
        await using var fake = new FakeAwsEndpoints();
        fake.Roles[arn] = new FakeRole(FakeRoleKind.Allow);
        using var sts = StsTestSupport.Gateway(fake, region: region);

        var results = await RoleChecker.CheckAsync(sts, [new RoleCheckTarget("222222222222", "Admin", region)]);

        Assert.Equal(RoleCheckStatus.Assumable, Assert.Single(results).Status);
        Assert.Equal(arn, Assert.Single(fake.Requests).Parameters["RoleArn"]);
    }
}
