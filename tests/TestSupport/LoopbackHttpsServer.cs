using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SwitchRole.TestSupport;

/// <summary>A test CA and a server certificate it signed for 127.0.0.1 and localhost. Real TLS, trusted only where a test passes the CA.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    /// <summary>The root (public part only) a client is told to trust.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server's certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    public X509Certificate2Collection Roots => [Ca];

    public static TestCertificates Create(string caName = "SwitchRole Test CA")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now.AddHours(-1), now.AddDays(2), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 so the key is usable by SslStream on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var publicCa = X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert));
        return new TestCertificates(publicCa, server);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}

/// <summary>One request as the loopback server read it. Header names are lower-case.</summary>
public sealed record SeenRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>What the loopback server answers.</summary>
public sealed record Reply(int Status, string Reason, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static Reply Ok(string body, string? etag = null) =>
        new(200, "OK", Encoding.UTF8.GetBytes(body), etag is null ? [] : [new("ETag", etag)]);

    public static Reply WithStatus(int status, string reason, string body = "") => new(status, reason, Encoding.UTF8.GetBytes(body), []);
}

/// <summary>
/// A small HTTPS/1.1 server on 127.0.0.1 for tests: real TLS with a test certificate, one request per connection.
/// The handler decides each reply and may wait (for a "slow server") until the server is disposed.
/// </summary>
public sealed class LoopbackHttpsServer : IAsyncDisposable
{
    private readonly Func<SeenRequest, CancellationToken, Task<Reply>> _handler;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private readonly LoopbackListener _listener;

    private LoopbackHttpsServer(X509Certificate2 certificate, Func<SeenRequest, CancellationToken, Task<Reply>> handler)
    {
        _handler = handler;
        _listener = LoopbackListener.Start(ServeAsync, certificate);
    }

    public int Port => _listener.Port;

    public IReadOnlyList<SeenRequest> Requests => [.. _requests];

    public static LoopbackHttpsServer Start(X509Certificate2 certificate, Func<SeenRequest, CancellationToken, Task<Reply>> handler) => new(certificate, handler);

    public static LoopbackHttpsServer Start(X509Certificate2 certificate, Func<SeenRequest, Reply> handler) =>
        new(certificate, (request, _) => Task.FromResult(handler(request)));

    public string Url(string pathAndQuery) => $"https://127.0.0.1:{Port}/{pathAndQuery.TrimStart('/')}";

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(Stream stream, CancellationToken stopping)
    {
        if (await HttpWire.ReadRequestAsync(stream, stopping) is not { } raw)
        {
            return;
        }

        var request = new SeenRequest(raw.Method, raw.Target, raw.Headers);
        _requests.Enqueue(request);
        var reply = await _handler(request, stopping);
        var body = reply.Status is 304 or 204 ? [] : reply.Body;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)),
            new("Connection", "close"),
        };
        headers.AddRange(reply.Headers);
        await HttpWire.WriteResponseAsync(stream, reply.Status, reply.Reason, headers, body, stopping);
    }
}
