using System.Text.RegularExpressions;

namespace SwitchRole.Network.Aws;

/// <summary>Why an STS or federation call failed, in the terms a person can act on.</summary>
public enum StsFailureKind
{
    /// <summary>Something AWS reported that none of the other kinds covers.</summary>
    Other,

    /// <summary>No credentials anywhere in the chain (environment, profiles, SSO cache, instance metadata).</summary>
    NoCredentials,

    /// <summary>The named profile is not in the AWS config or credentials file.</summary>
    ProfileNotFound,

    /// <summary>The credentials' session has expired.</summary>
    ExpiredCredentials,

    /// <summary>AWS does not know the access key, or the secret does not match it.</summary>
    InvalidCredentials,

    /// <summary>The endpoint could not be reached (DNS, connection, TLS, timeout).</summary>
    Network,

    /// <summary>Still throttled after every retry.</summary>
    Throttled,

    /// <summary>The target role's trust policy does not allow the caller (or the role does not exist: AWS answers both the same way).</summary>
    DeniedByTrustPolicy,

    /// <summary>The caller's own policies (identity policy, permissions boundary, SCP) do not allow sts:AssumeRole on the role.</summary>
    DeniedByCallerPolicy,

    /// <summary>Access denied and AWS did not say by which policy.</summary>
    Denied,

    /// <summary>The role or account does not exist or the ARN is not valid.</summary>
    NotFound,

    /// <summary>The role needs MFA, or the MFA code was wrong.</summary>
    MfaRequired,

    /// <summary>The requested duration is over the role's maximum or the 1-hour role-chaining limit.</summary>
    DurationTooLong,

    /// <summary>STS is not activated in the region used.</summary>
    RegionDisabled,
}

/// <summary>
/// A failed AWS call, with one sentence that says what happened and how to fix it. The message never holds
/// credentials, session tokens or sign-in tokens: it is built from our own words, ARNs and AWS's error text,
/// with anything that looks like an access key id masked.
/// </summary>
public sealed class StsException : Exception
{
    public StsException(StsFailureKind kind, string message, string? awsErrorCode = null)
        : base(StsRedaction.Redact(message))
    {
        Kind = kind;
        AwsErrorCode = awsErrorCode;
    }

    public StsException()
        : this(StsFailureKind.Other, "The AWS call failed.")
    {
    }

    public StsException(string message)
        : this(StsFailureKind.Other, message)
    {
    }

    public StsException(string message, Exception innerException)
        : base(StsRedaction.Redact(message), innerException)
    {
        Kind = StsFailureKind.Other;
    }

    public StsFailureKind Kind { get; }

    /// <summary>The error code AWS returned (<c>AccessDenied</c>, <c>Throttling</c>, ...), when there was one.</summary>
    public string? AwsErrorCode { get; }

    /// <summary>True when the caller's setup is at fault (credentials, network), so every other call would fail the same way.</summary>
    public bool AffectsEveryCall => Kind is StsFailureKind.NoCredentials or StsFailureKind.ProfileNotFound
        or StsFailureKind.ExpiredCredentials or StsFailureKind.InvalidCredentials or StsFailureKind.Network
        or StsFailureKind.RegionDisabled;
}

/// <summary>Masks access key ids in text that may echo them (AWS error messages).</summary>
public static partial class StsRedaction
{
    public static string Redact(string text) => AccessKeyId().Replace(text ?? string.Empty, m => m.Value[..4] + "…");

    [GeneratedRegex("\\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{12,124}\\b")]
    private static partial Regex AccessKeyId();
}
