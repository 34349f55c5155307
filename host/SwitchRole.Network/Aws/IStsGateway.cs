namespace SwitchRole.Network.Aws;

/// <summary>The few STS calls SwitchRole makes. The real one is <see cref="SdkStsGateway"/>.</summary>
/// <remarks>Every method throws <see cref="StsException"/> for every failure a person can act on.</remarks>
public interface IStsGateway
{
    /// <summary>Who the current credentials belong to.</summary>
    Task<StsIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default);

    /// <summary>Assumes a role. The caller must drop the returned session as soon as it has used it.</summary>
    Task<RoleSession> AssumeRoleAsync(AssumeRoleSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The MFA device the credential profile names (<c>mfa_serial</c>), if any.</summary>
    string? ProfileMfaSerial { get; }

    /// <summary>The region the calls go to (used for the console destination when none is given).</summary>
    string Region { get; }
}

/// <summary>GetCallerIdentity's answer.</summary>
public sealed record StsIdentity(string Account, string Arn, string UserId)
{
    /// <summary>True for temporary role credentials: assuming another role with them is role chaining (1-hour limit).</summary>
    public bool IsAssumedRole => Arn.Contains(":assumed-role/", StringComparison.Ordinal);

    /// <summary>The partition name from the ARN (<c>aws</c>, <c>aws-us-gov</c>, <c>aws-cn</c>).</summary>
    public string Partition => Arn.Split(':') is [_, var partition, ..] ? partition : "aws";
}

/// <summary>One AssumeRole call.</summary>
public sealed record AssumeRoleSpec(
    string RoleArn,
    string SessionName,
    int DurationSeconds,
    string? MfaSerial = null,
    string? MfaCode = null,
    string? ExternalId = null)
{
    public const int MinimumDurationSeconds = 900;
    public const int MaximumDurationSeconds = 43_200;

    /// <summary>AWS caps sessions assumed with role credentials (role chaining) at one hour.</summary>
    public const int RoleChainingMaximumSeconds = 3_600;
}

/// <summary>
/// Temporary credentials from AssumeRole. A class, not a record, so that no generated <c>ToString</c>
/// or equality ever prints or compares the secrets.
/// </summary>
public sealed class RoleSession(string accessKeyId, string secretAccessKey, string sessionToken, DateTimeOffset? expiration, string assumedRoleArn)
{
    public string AccessKeyId { get; } = accessKeyId;

    public string SecretAccessKey { get; } = secretAccessKey;

    public string SessionToken { get; } = sessionToken;

    public DateTimeOffset? Expiration { get; } = expiration;

    /// <summary><c>arn:aws:sts::123456789012:assumed-role/Name/session</c>.</summary>
    public string AssumedRoleArn { get; } = assumedRoleArn;

    public override string ToString() => $"RoleSession({AssumedRoleArn}, expires {Expiration:O})";
}
