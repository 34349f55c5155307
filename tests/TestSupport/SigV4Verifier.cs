using System.Security.Cryptography;
using System.Text;

namespace SwitchRole.TestSupport;

/// <summary>
/// Recomputes an AWS Signature Version 4 (AWS4-HMAC-SHA256) over a request as the fake endpoints received it, so
/// they answer a wrong signature the way AWS does. One implementation for every fake: STS, Organizations, S3.
/// </summary>
public static class SigV4Verifier
{
    private const string Scheme = "AWS4-HMAC-SHA256 ";

    /// <summary>
    /// True when the request is signed with the secret that <paramref name="secretFor"/> gives for its access key.
    /// S3 may sign <c>UNSIGNED-PAYLOAD</c> over HTTPS; the other services must sign the body's hash.
    /// </summary>
    public static bool IsValid(HttpWireRequest raw, string path, string query, Func<string, string?> secretFor, bool allowUnsignedPayload)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(secretFor);
        if (!raw.Headers.TryGetValue("authorization", out var authorization) || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var fields = authorization[Scheme.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credentialField) || !fields.TryGetValue("SignedHeaders", out var signedHeaders) || !fields.TryGetValue("Signature", out var signature))
        {
            return false;
        }

        var credential = credentialField.Split('/');
        if (credential.Length != 5 || secretFor(credential[0]) is not { } secret || !raw.Headers.TryGetValue("x-amz-date", out var amzDate))
        {
            return false;
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders.Split(';'))
        {
            var value = raw.Headers.GetValueOrDefault(name) ?? string.Empty;
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(raw.Body));
        var payloadHash = raw.Headers.GetValueOrDefault("x-amz-content-sha256") ?? bodyHash;
        var unsigned = payloadHash == "UNSIGNED-PAYLOAD";
        if ((unsigned && !allowUnsignedPayload) || (!unsigned && payloadHash != bodyHash))
        {
            return false;
        }

        var canonicalRequest = $"{raw.Method}\n{path}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var scope = string.Join('/', credential.Skip(1));
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in credential.Skip(1))
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
