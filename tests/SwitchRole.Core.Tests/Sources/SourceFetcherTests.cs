using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;
using SwitchRole.Network.Sources;

namespace SwitchRole.Core.Tests.Sources;

public sealed class SourceFetcherTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task FetchAsync_ConditionalWithStoredETag_SendsIfNoneMatchAndGets304()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, request =>
            request.Header("If-None-Match") == "\"v1\"" ? Reply.WithStatus(304, "Not Modified") : Reply.Ok(TeamFiles.TwoRoles, "\"v1\""));
        using var fetcher = Fetcher();
        var source = Source(server.Url("roles.ini"));

        var first = await fetcher.FetchAsync(source, conditional: true);
        var second = await fetcher.FetchAsync(source with { ETag = first.Content!.ETag }, conditional: true);

        Assert.Equal(FetchStatus.Fetched, first.Status);
        Assert.Equal("\"v1\"", first.Content.ETag);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Null(server.Requests[0].Header("If-None-Match"));
        Assert.Equal("\"v1\"", server.Requests[1].Header("If-None-Match"));
    }

    [Fact]
    public async Task FetchAsync_NotConditional_SendsNoValidatorsEvenWithAStoredETag()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.Ok(TeamFiles.TwoRoles, "\"v1\""));
        using var fetcher = Fetcher();

        var outcome = await fetcher.FetchAsync(Source(server.Url("roles.ini")) with { ETag = "\"v1\"" }, conditional: false);

        Assert.Equal(FetchStatus.Fetched, outcome.Status);
        Assert.Null(server.Requests[0].Header("If-None-Match"));
    }

    [Fact]
    public async Task FetchAsync_404_FailsWithStatusAndNoQueryString()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.WithStatus(404, "Not Found", "nope"));
        using var fetcher = Fetcher();

        var outcome = await fetcher.FetchAsync(Source(server.Url("missing.ini?token=TOPSECRET")), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Contains("HTTP 404 Not Found", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("/missing.ini?…", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ServerSlowerThanTheTimeout_FailsWithTimeout()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, async (_, stop) =>
        {
            await Task.Delay(Timeout.Infinite, stop); // Answers only when the test ends.
            return Reply.Ok("");
        });
        using var fetcher = Fetcher(TimeSpan.FromSeconds(1));

        var outcome = await fetcher.FetchAsync(Source(server.Url("slow.ini")), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Contains("within 1 s (timeout)", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CertificateFromAnUntrustedCa_FailsWithTls()
    {
        using var stranger = TestCertificates.Create("Someone Else's CA");
        await using var server = LoopbackHttpsServer.Start(stranger.Server, _ => Reply.Ok(TeamFiles.TwoRoles));
        using var fetcher = Fetcher();

        var outcome = await fetcher.FetchAsync(Source(server.Url("roles.ini")), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Contains("TLS", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("not trusted", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_NoTestRootGiven_DoesNotTrustTheTestServer()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ => Reply.Ok(TeamFiles.TwoRoles));
        using var fetcher = new SourceFetcher();

        var outcome = await fetcher.FetchAsync(Source(server.Url("roles.ini")), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Contains("TLS", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ContentLengthOverTheCap_FailsWithoutReadingIt()
    {
        await using var server = LoopbackHttpsServer.Start(_certificates.Server, _ =>
            new Reply(200, "OK", new byte[SwitchRole.Core.Formats.TextInput.MaxBytes + 1], []));
        using var fetcher = Fetcher();

        var outcome = await fetcher.FetchAsync(Source(server.Url("huge.ini")), conditional: true);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Contains("larger than 32 MiB", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_Missing_FailsNamingThePath()
    {
        using var home = new TempHome();
        var path = Path.Combine(home.Root, "nope.ini");

        var outcome = SourceFetcher.ReadFile(path);

        Assert.Equal(FetchStatus.Failed, outcome.Status);
        Assert.Equal($"{path}: no such file", outcome.Error);
    }

    private SourceFetcher Fetcher(TimeSpan? timeout = null) => new(new SourceFetchOptions
    {
        TrustedRoots = _certificates.Roots,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    });

    private static TeamSource Source(string url) =>
        new("team", url, SourceKind.Url, "auto", null, DateTimeOffset.UtcNow, null, null, null, null, null, null, null, null, 0);
}
