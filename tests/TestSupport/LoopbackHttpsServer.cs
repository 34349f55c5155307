using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
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
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly Func<SeenRequest, CancellationToken, Task<Reply>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private readonly Task _accepting;

    private LoopbackHttpsServer(X509Certificate2 certificate, Func<SeenRequest, CancellationToken, Task<Reply>> handler)
    {
        _certificate = certificate;
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<SeenRequest> Requests => [.. _requests];

    public static LoopbackHttpsServer Start(X509Certificate2 certificate, Func<SeenRequest, CancellationToken, Task<Reply>> handler) => new(certificate, handler);

    public static LoopbackHttpsServer Start(X509Certificate2 certificate, Func<SeenRequest, Reply> handler) =>
        new(certificate, (request, _) => Task.FromResult(handler(request)));

    public string Url(string pathAndQuery) => $"https://127.0.0.1:{Port}/{pathAndQuery.TrimStart('/')}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                var request = await ReadRequestAsync(tls, _stop.Token);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                var reply = await _handler(request, _stop.Token);
                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(reply.Reason).Append("\r\n");
                var body = reply.Status is 304 or 204 ? [] : reply.Body;
                head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n");
                foreach (var (name, value) in reply.Headers)
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                head.Append("\r\n");
                await tls.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await tls.WriteAsync(body, _stop.Token);
                await tls.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // The client refused our certificate, timed out or went away: that is what some tests are about.
            }
        }
    }

    private static async Task<SeenRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 65536)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        return new SeenRequest(parts[0], parts.Length > 1 ? parts[1] : "/", headers);
    }
}
