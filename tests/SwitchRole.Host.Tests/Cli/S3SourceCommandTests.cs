namespace SwitchRole.Host.Tests.Cli;

public sealed class S3SourceCommandTests
{
    private const string Csv = "account_id,role_name,display_name\n200000000001,Dev,Team dev\n200000000002,Dev,Team prod\n";

    [Fact]
    public async Task S3Source_AddsAndSyncsChanges_KeepsLastGoodEntriesOn403()
    {
        await using var cli = new AwsCliHarness();
        await using var s3 = new FakeAwsCatalogue();
        s3.AddCredentials(AwsCliHarness.AccessKeyId, AwsCliHarness.SecretAccessKey);
        cli.Environment["AWS_ENDPOINT_URL_S3"] = s3.BaseUrl.ToString();
        cli.Environment["AWS_REGION"] = "eu-west-1";
        s3.Objects["team-bucket/catalogue/roles.csv"] = Csv;

        var add = await cli.RunAsync("source", "add", "team", "s3://team-bucket/catalogue/roles.csv");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(["200000000001", "200000000002"], await DiscoverOrganizationsCommandTests.AccountsAsync(cli));
        Assert.Equal(0, s3.BadSignatures);

        s3.Objects["team-bucket/catalogue/roles.csv"] = Csv + "200000000003,Dev,Team new\n";
        var sync = await cli.RunAsync("source", "sync", "team");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Equal(["200000000001", "200000000002", "200000000003"], await DiscoverOrganizationsCommandTests.AccountsAsync(cli));

        s3.Denied["team-bucket/catalogue/roles.csv"] = true;
        var denied = await cli.RunAsync("source", "sync", "team");
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("AccessDenied", denied.Out + denied.Error, StringComparison.Ordinal);
        Assert.Equal(["200000000001", "200000000002", "200000000003"], await DiscoverOrganizationsCommandTests.AccountsAsync(cli));
        var list = await cli.RunAsync("source", "list");
        Assert.Contains("s3://team-bucket/catalogue/roles.csv", list.Out, StringComparison.Ordinal);
        Assert.Contains("s3:GetObject", list.Out, StringComparison.Ordinal);
    }
}
