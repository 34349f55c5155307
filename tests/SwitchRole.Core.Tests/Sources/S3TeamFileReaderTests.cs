using Amazon.Runtime;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Network.Aws;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

public sealed class S3TeamFileReaderTests
{
    private const string Key = "AKIAS3READERTEST0001";
    private const string Secret = "s3-reader-secret/0123456789abcdefghijklmno";

    private static SourceFetcher Fetcher(FakeAwsCatalogue s3)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ENDPOINT_URL_S3"] = s3.BaseUrl.ToString(), ["AWS_REGION"] = "eu-west-1" };
        return new SourceFetcher(new SourceFetchOptions
        {
            Aws = new StsGatewayOptions { Credentials = new BasicAWSCredentials(Key, Secret), MaxAttempts = 1, GetEnvironmentVariable = name => env.GetValueOrDefault(name) },
        });
    }

    private static TeamSource Source(string? etag) =>
        new("team", "s3://team-bucket/roles.csv", SourceKind.S3, "auto", null, DateTimeOffset.UtcNow, etag, null, null, null, null, null, null, null, 0);

    [Fact]
    public async Task Fetch_SendsStoredETagAsIfNoneMatch_UnchangedObjectIsNotModified()
    {
        await using var s3 = new FakeAwsCatalogue();
        s3.AddCredentials(Key, Secret);
        const string content = "account_id,role_name\n300000000001,Dev\n";
        s3.Objects["team-bucket/roles.csv"] = content;
        using var fetcher = Fetcher(s3);

        var first = await fetcher.FetchAsync(Source(null), conditional: true);
        Assert.Equal(FetchStatus.Fetched, first.Status);
        Assert.Equal(FakeAwsCatalogue.ETagOf(content), first.Content!.ETag);

        var again = await fetcher.FetchAsync(Source(first.Content.ETag), conditional: true);
        Assert.Equal(FetchStatus.NotModified, again.Status);
        Assert.Equal(FakeAwsCatalogue.ETagOf(content), s3.Requests[^1].IfNoneMatch);
        Assert.Equal(304, s3.Requests[^1].Status);
        Assert.Equal(0, s3.BadSignatures);

        s3.Objects["team-bucket/roles.csv"] = content + "300000000002,Dev\n";
        var changed = await fetcher.FetchAsync(Source(first.Content.ETag), conditional: true);
        Assert.Equal(FetchStatus.Fetched, changed.Status);
    }

    [Fact]
    public async Task Fetch_AccessDenied_FailsWithASentenceNamingThePermission()
    {
        await using var s3 = new FakeAwsCatalogue();
        s3.AddCredentials(Key, Secret);
        s3.Denied["team-bucket/roles.csv"] = true;
        using var fetcher = Fetcher(s3);

        var outcome = await fetcher.FetchAsync(Source(null), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Equal("s3://team-bucket/roles.csv: S3 denied access (AccessDenied): your credentials need s3:GetObject on it", outcome.Error);
    }
}
