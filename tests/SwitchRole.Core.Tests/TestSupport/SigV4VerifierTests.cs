using System.Text;

namespace SwitchRole.Core.Tests.TestSupport;

/// <summary>
/// The fakes' signature check must refuse what AWS refuses, or every "signature valid" assertion in the AWS tests
/// would pass on anything. Checked against AWS's published SigV4 test vector (get-vanilla).
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private static HttpWireRequest Vanilla(string signature = Signature, string? contentSha256 = null, string body = "")
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
            ["authorization"] = $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}",
        };
        if (contentSha256 is not null)
        {
            headers["x-amz-content-sha256"] = contentSha256;
        }

        return new HttpWireRequest("GET", "/", headers, Encoding.UTF8.GetBytes(body));
    }

    private static string? Known(string id) => id == "AKIDEXAMPLE" ? Secret : null;

    [Fact]
    public void Accepts_the_published_test_vector() =>
        Assert.True(SigV4Verifier.IsValid(Vanilla(), "/", "", Known, allowUnsignedPayload: false));

    [Fact]
    public void Refuses_a_changed_signature_an_unknown_key_and_a_wrong_secret()
    {
        Assert.False(SigV4Verifier.IsValid(Vanilla(signature: "6" + Signature[1..]), "/", "", Known, allowUnsignedPayload: false));
        Assert.False(SigV4Verifier.IsValid(Vanilla(), "/", "", _ => null, allowUnsignedPayload: false));
        Assert.False(SigV4Verifier.IsValid(Vanilla(), "/", "", _ => Secret + "x", allowUnsignedPayload: false));
    }

    [Fact]
    public void Refuses_a_request_changed_after_signing()
    {
        Assert.False(SigV4Verifier.IsValid(Vanilla(), "/other", "", Known, allowUnsignedPayload: false));
        Assert.False(SigV4Verifier.IsValid(Vanilla(), "/", "Action=AssumeRole", Known, allowUnsignedPayload: false));
        Assert.False(SigV4Verifier.IsValid(Vanilla(body: "tampered"), "/", "", Known, allowUnsignedPayload: false));
    }

    [Fact]
    public void Takes_an_unsigned_payload_only_where_allowed()
    {
        Assert.False(SigV4Verifier.IsValid(Vanilla(contentSha256: "UNSIGNED-PAYLOAD"), "/", "", Known, allowUnsignedPayload: false));
        Assert.False(SigV4Verifier.IsValid(Vanilla(contentSha256: "0000"), "/", "", Known, allowUnsignedPayload: true));
    }
}
