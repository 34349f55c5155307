using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SwitchRole.TestSupport;

/// <summary>
/// What every loopback server in the tests shares: a listener on 127.0.0.1 on a free port (TLS when given a
/// certificate, plain HTTP otherwise, as the AWS endpoint variables allow), the accept loop, one task per
/// connection, the stop token handed to each connection, and disposal. A server on top of it is only its routes
/// and its wire format.
/// </summary>
public sealed class LoopbackListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2? _certificate;
    private readonly Func<Stream, CancellationToken, Task> _serve;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _stopping;
    private readonly Task _accepting;

    private LoopbackListener(X509Certificate2? certificate, Func<Stream, CancellationToken, Task> serve)
    {
        _certificate = certificate;
        _serve = serve;
        _stopping = _stop.Token;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port}/");
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port/</c>, or <c>https://</c> with a certificate.</summary>
    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts listening. <paramref name="serve"/> gets each connection's stream (after the TLS handshake when there is a
    /// <paramref name="certificate"/>) and a token cancelled when the listener is disposed; the connection closes when it
    /// returns. A client that goes away or refuses the certificate ends only its own connection.
    /// </summary>
    public static LoopbackListener Start(Func<Stream, CancellationToken, Task> serve, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(serve);
        return new LoopbackListener(certificate, serve);
    }

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
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = _certificate is null ? client.GetStream() : new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                await using (stream)
                {
                    if (stream is SslStream tls)
                    {
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stopping);
                    }

                    await _serve(stream, _stopping);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // The client refused our certificate, timed out or went away, or the server stopped: some tests are about that.
            }
        }
    }
}

/// <summary>One HTTP/1.1 request as a loopback server read it. Header names are lower-case; repeated headers are joined with commas.</summary>
public sealed record HttpWireRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>The HTTP/1.1 framing the loopback servers share: one request in, one response out, then the connection closes.</summary>
public static class HttpWire
{
    private const int MaxHead = 64 * 1024;

    /// <summary>Reads the request head and a Content-Length body; null when the client closed early or sent an oversized head.</summary>
    public static async Task<HttpWireRequest?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (buffer.Count > MaxHead || await stream.ReadAsync(one, cancellationToken) == 0)
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
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        if (headers.TryGetValue("expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
        }

        var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var got = await stream.ReadAsync(body.AsMemory(read), cancellationToken);
            if (got == 0)
            {
                return null;
            }

            read += got;
        }

        return new HttpWireRequest(first[0], first.Length > 1 ? first[1] : "/", headers, body);
    }

    /// <summary>Writes the status line, the headers in the order given (the caller's wire format) and the body.</summary>
    public static async Task WriteResponseAsync(Stream stream, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(headers);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
