using System.Text.Json;
using SwitchRole.Core.Model;
using SwitchRole.Network.Aws;

namespace SwitchRole.Core.Tests.Aws;

public sealed class PolicyDocumentsTests
{
    [Fact]
    public void TrustPolicy_MfaAndExternalId_NamesBaseAccountRootWithBothConditions()
    {
        using var json = JsonDocument.Parse(PolicyDocuments.TrustPolicy(AwsPartition.Aws, "111111111111", requireMfa: true, "team-ext-1"));

        var statement = Assert.Single(json.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("2012-10-17", json.RootElement.GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("arn:aws:iam::111111111111:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Equal("true", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        Assert.Equal("team-ext-1", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
    }

    [Fact]
    public void TrustPolicy_NoOptions_HasNoCondition()
    {
        using var json = JsonDocument.Parse(PolicyDocuments.TrustPolicy(AwsPartition.China, "111111111111", requireMfa: false, null));

        var statement = Assert.Single(json.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.False(statement.TryGetProperty("Condition", out _));
        Assert.Equal("arn:aws-cn:iam::111111111111:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
    }

    [Fact]
    public void AssumeRolePolicy_Arns_AllowsExactlyThoseArnsAndNoWildcard()
    {
        var text = PolicyDocuments.AssumeRolePolicy(["arn:aws:iam::333333333333:role/Admin", "arn:aws:iam::222222222222:role/Admin", "arn:aws:iam::222222222222:role/Admin"]);
        using var json = JsonDocument.Parse(text);

        var statement = Assert.Single(json.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Equal(
            ["arn:aws:iam::222222222222:role/Admin", "arn:aws:iam::333333333333:role/Admin"],
            statement.GetProperty("Resource").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("*", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("has space")]
    [InlineData("quote\"")]
    public void NormalizeExternalId_Invalid_ThrowsNamingField(string value)
    {
        var ex = Assert.Throws<ValidationException>(() => PolicyDocuments.NormalizeExternalId(value, "externalId"));

        Assert.Equal("externalId", ex.Field);
    }
}
