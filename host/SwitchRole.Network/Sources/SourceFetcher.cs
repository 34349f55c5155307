using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SwitchRole.Core.Formats;
using SwitchRole.Core.Model;
using SwitchRole.Core.Sources;

namespace SwitchRole.Network.Sources;

/// <summary>Limits and trust for reading sources.</summary>
public sealed record SourceFetchOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>For the whole request, body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Null: the operating system's trusted roots (production). Otherwise only these roots are trusted; tests pass
    /// the CA of their loopback server here. Certificate validation itself is never switched off.
    /// </summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Where S3 and Organizations sources get credentials, region and endpoints (the standard AWS chain by default).</summary>
    public Aws.StsGatewayOptions Aws { get; init; } = new() { MaxAttempts = 2 };
}

/// <summary>Reads a source in the process that may use the network (the CLI, <c>switchrole worker</c>): a file from disk, or an HTTPS URL with ETag / If-None-Match, bounded in time and size.</summary>
public sealed class SourceFetcher(SourceFetchOptions? options = null) : ISourceFetcher
{
    private readonly SourceFetchOptions _options = options ?? new SourceFetchOptions();
    private HttpClient? _http;

    public SourceFetchOptions Options => _options;

    /// <summary>Reads the source; failures come back as <see cref="FetchStatus.Failed"/> with a message safe to show.</summary>
    /// <param name="source">The source.</param>
    /// <param name="conditional">Send the stored validators (ETag, Last-Modified) so an unchanged URL answers 304.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public Task<FetchOutcome> FetchAsync(TeamSource source, bool conditional, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            SourceKind.File => Task.FromResult(FileSourceReader.Read(source.Location)),
            SourceKind.S3 => S3TeamFileReader.FetchAsync(source.Location, conditional ? source.ETag : null, _options.Aws, cancellationToken),
            SourceKind.Organizations => OrganizationsSourceReader.FetchAsync(source.Location, _options.Aws, cancellationToken),
            _ => FetchUrlAsync(source.Location, conditional ? source.ETag : null, conditional ? source.LastModified : null, cancellationToken),
        };
    }

    public static FetchOutcome ReadFile(string path) => FileSourceReader.Read(path);

    public void Dispose() => _http?.Dispose();

    private async Task<FetchOutcome> FetchUrlAsync(string url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var shown = SourceAddress.Redact(url);
        var seconds = _options.Timeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/plain, text/csv, application/json, */*;q=0.5");
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (lastModified is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            }

            using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } final && final.Scheme != Uri.UriSchemeHttps)
            {
                return FetchOutcome.Fail($"{shown}: redirected to a non-https address; refused");
            }

            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return etag is null && lastModified is null
                    ? FetchOutcome.Fail($"{shown}: the server answered 304 Not Modified to a request that was not conditional")
                    : new FetchOutcome(FetchStatus.NotModified, null, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                return FetchOutcome.Fail($"{shown}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            if (response.Content.Headers.ContentLength > TextInput.MaxBytes)
            {
                return FetchOutcome.Fail($"{shown}: the answer is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list");
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var bytes = await TextInput.ReadLimitedAsync(stream, timeout.Token).ConfigureAwait(false);
                if (bytes.Length > TextInput.MaxBytes)
                {
                    return FetchOutcome.Fail($"{shown}: the answer is larger than {TextInput.MaxBytes / (1024 * 1024)} MiB; this is not a role list");
                }

                return new FetchOutcome(FetchStatus.Fetched, FetchedContent.Of(bytes, response.Headers.ETag?.ToString(), Header(response.Content.Headers.LastModified)), null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchOutcome.Fail($"{shown}: no complete answer within {seconds} s (timeout)");
        }
        catch (HttpRequestException e) when (Find<AuthenticationException>(e) is { } tls)
        {
            return FetchOutcome.Fail(SourceAddress.Scrub($"{shown}: TLS failed, the server's certificate is not trusted for this host ({Innermost(tls).Message}). Ask whoever runs the server; SwitchRole does not skip certificate checks", url));
        }
        catch (HttpRequestException e)
        {
            var what = e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name does not resolve",
                HttpRequestError.ConnectionError => "cannot connect",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => "request failed",
            };
            return FetchOutcome.Fail(SourceAddress.Scrub($"{shown}: {what} ({Innermost(e).Message})", url));
        }
        catch (IOException e)
        {
            return FetchOutcome.Fail(SourceAddress.Scrub($"{shown}: the connection broke ({e.Message})", url));
        }
    }

    private HttpClient Client()
    {
        if (_http is not null)
        {
            return _http;
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            AllowAutoRedirect = true, // .NET never follows https to http; checked again above.
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        if (_options.TrustedRoots is { } roots)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SwitchRole", typeof(SourceFetcher).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _http = client;
        return client;
    }

    private static string? Header(DateTimeOffset? time) => time?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
