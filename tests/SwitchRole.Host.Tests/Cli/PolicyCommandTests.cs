using System.Text.Json;

namespace SwitchRole.Host.Tests.Cli;

public sealed class PolicyCommandTests
{
    [Fact]
    public async Task Policy_OnlyTrust_PrintsBareJsonWithMfaAndExternalId()
    {
        await using var cli = new AwsCliHarness();

        var result = await cli.RunAsync("policy", "--base-account", "1111-1111-1111", "--role", "Admin", "--mfa", "--external-id", "ext-42", "--only", "trust");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var statement = json.RootElement.GetProperty("Statement")[0];
        Assert.Equal("arn:aws:iam::111111111111:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("true", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        Assert.Equal("ext-42", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
    }

    [Fact]
    public async Task Policy_SovereignCloudPartition_NamesAwsEuscArns()
    {
        await using var cli = new AwsCliHarness();

        var result = await cli.RunAsync("policy", "--base-account", "111111111111", "--role", "Admin", "--target-account", "222222222222", "--partition", "aws-eusc");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"arn:aws-eusc:iam::111111111111:root\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"arn:aws-eusc:iam::222222222222:role/Admin\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("arn:aws:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_NoTargetAccounts_TakesMatchingStoredEntriesForTheBasePolicy()
    {
        await using var cli = new AwsCliHarness();
        await cli.RunAsync("add", "--account", "222222222222", "--role", "Admin");
        await cli.RunAsync("add", "--account", "333333333333", "--role", "Admin", "--base-account", "111111111111");
        await cli.RunAsync("add", "--account", "444444444444", "--role", "Admin", "--base-account", "999999999999");
        await cli.RunAsync("add", "--account", "555555555555", "--role", "ReadOnly");

        var result = await cli.RunAsync("policy", "--base-account", "111111111111", "--role", "Admin", "--only", "base");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(
            ["arn:aws:iam::222222222222:role/Admin", "arn:aws:iam::333333333333:role/Admin"],
            json.RootElement.GetProperty("Statement")[0].GetProperty("Resource").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("sts:*", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_Both_PrintsTwoPasteableDocumentsWithWhereToPasteThem()
    {
        await using var cli = new AwsCliHarness();

        var result = await cli.RunAsync("policy", "--base-account", "111111111111", "--role", "ops/Admin", "--target-account", "222222222222", "--target-account", "333333333333");

        Assert.True(result.ExitCode == 0, result.ToString());
        var blocks = result.Out.ReplaceLineEndings("\n").Split("\n# ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, blocks.Length);
        Assert.Contains("IAM > Roles > Admin > Trust relationships", blocks[0], StringComparison.Ordinal);
        using var basePolicy = JsonDocument.Parse(blocks[1][blocks[1].IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(2, basePolicy.RootElement.GetProperty("Statement")[0].GetProperty("Resource").GetArrayLength());
        Assert.Contains("arn:aws:iam::333333333333:role/ops/Admin", blocks[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--base-account", "12345", "--base-account: must be 12 digits")]
    [InlineData("--external-id", "bad id", "--external-id: must be 2 to 1224 characters")]
    [InlineData("--partition", "mars", "--partition: must be aws, aws-us-gov, aws-cn or aws-eusc")]
    public async Task Policy_InvalidOption_Exit2NamingTheOption(string option, string value, string message)
    {
        await using var cli = new AwsCliHarness();
        var args = new List<string> { "policy", "--base-account", "111111111111", "--role", "Admin", "--target-account", "222222222222" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = await cli.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
