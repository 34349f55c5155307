namespace SwitchRole.Network.Aws;

/// <summary>What <c>switchrole check</c> found for one entry.</summary>
public enum RoleCheckStatus
{
    Assumable,
    DeniedByTrustPolicy,
    DeniedByCallerPolicy,
    Denied,
    NotFound,
    MfaRequired,
    Throttled,
    Error,
}

/// <summary>One entry to check.</summary>
public sealed record RoleCheckTarget(string AccountId, string RoleName, string? Region = null);

/// <summary>One entry's result. Holds no credentials: the session AssumeRole returned is dropped at once.</summary>
public sealed record RoleCheckResult(string AccountId, string RoleName, string RoleArn, RoleCheckStatus Status, string Message, string? AwsErrorCode)
{
    public bool IsAssumable => Status == RoleCheckStatus.Assumable;

    /// <summary>The status as the CLI and protocol spell it (<c>denied-by-trust-policy</c>).</summary>
    public string StatusName => RoleChecker.StatusName(Status);
}

/// <summary>AssumeRole once per entry, at most <see cref="MaxConcurrency"/> at a time, with the shortest session.</summary>
public static class RoleChecker
{
    public const int MaxConcurrency = 4;

    /// <summary>Checks every target; results are in the order given.</summary>
    /// <exception cref="StsException">A failure that would hit every entry (no or expired credentials, no network): checking stops.</exception>
    public static Task<IReadOnlyList<RoleCheckResult>> CheckAsync(IStsGateway sts, IReadOnlyList<RoleCheckTarget> targets, CancellationToken cancellationToken = default) =>
        CheckAsync(sts, targets, onChecked: null, cancellationToken);

    /// <summary>As above; <paramref name="onChecked"/> hears each result as it arrives (from any thread), for progress.</summary>
    public static async Task<IReadOnlyList<RoleCheckResult>> CheckAsync(IStsGateway sts, IReadOnlyList<RoleCheckTarget> targets, Action<RoleCheckResult>? onChecked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(targets);
        var results = new RoleCheckResult[targets.Count];
        var sessionName = SessionNames.ForCheck();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StsException? global = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrency, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), parallel, async (index, token) =>
            {
                try
                {
                    results[index] = await CheckOneAsync(sts, targets[index], sessionName, token).ConfigureAwait(false);
                    onChecked?.Invoke(results[index]);
                }
                catch (StsException ex) when (ex.AffectsEveryCall)
                {
                    Interlocked.CompareExchange(ref global, ex, null);
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (global is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose: reported below.
        }

        return global is not null ? throw global : results;
    }

    /// <summary>A failure's kind in the same kebab-case as statuses (<c>expired-credentials</c>, <c>no-credentials</c>).</summary>
    public static string StatusNameOfFailure(StsFailureKind kind)
    {
        var name = kind.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    public static string StatusName(RoleCheckStatus status) => status switch
    {
        RoleCheckStatus.Assumable => "assumable",
        RoleCheckStatus.DeniedByTrustPolicy => "denied-by-trust-policy",
        RoleCheckStatus.DeniedByCallerPolicy => "denied-by-caller-policy",
        RoleCheckStatus.Denied => "denied",
        RoleCheckStatus.NotFound => "not-found",
        RoleCheckStatus.MfaRequired => "mfa-required",
        RoleCheckStatus.Throttled => "throttled",
        _ => "error",
    };

    private static async Task<RoleCheckResult> CheckOneAsync(IStsGateway sts, RoleCheckTarget target, string sessionName, CancellationToken cancellationToken)
    {
        var partition = AwsPartition.ForRegion(target.Region ?? sts.Region);
        var arn = partition.RoleArn(target.AccountId, target.RoleName);
        try
        {
            var session = await sts.AssumeRoleAsync(new AssumeRoleSpec(arn, sessionName, AssumeRoleSpec.MinimumDurationSeconds), cancellationToken).ConfigureAwait(false);

            // Only the fact that AWS issued credentials matters; they go out of scope here, unused.
            _ = session.Expiration;
            return new RoleCheckResult(target.AccountId, target.RoleName, arn, RoleCheckStatus.Assumable, $"{arn}: assumable.", null);
        }
        catch (StsException ex) when (!ex.AffectsEveryCall)
        {
            var status = ex.Kind switch
            {
                StsFailureKind.DeniedByTrustPolicy => RoleCheckStatus.DeniedByTrustPolicy,
                StsFailureKind.DeniedByCallerPolicy => RoleCheckStatus.DeniedByCallerPolicy,
                StsFailureKind.Denied => RoleCheckStatus.Denied,
                StsFailureKind.NotFound => RoleCheckStatus.NotFound,
                StsFailureKind.MfaRequired => RoleCheckStatus.MfaRequired,
                StsFailureKind.Throttled => RoleCheckStatus.Throttled,
                _ => RoleCheckStatus.Error,
            };
            if (status is RoleCheckStatus.DeniedByTrustPolicy or RoleCheckStatus.Denied && sts.ProfileMfaSerial is { } device)
            {
                // AWS does not say that a missing MFA was the reason; with a device configured it usually is.
                return new RoleCheckResult(target.AccountId, target.RoleName, arn, RoleCheckStatus.MfaRequired,
                    $"{arn}: denied without MFA, and your profile names an MFA device ({device}): the trust policy most likely requires MFA; `switchrole open` asks for the code.", ex.AwsErrorCode);
            }

            return new RoleCheckResult(target.AccountId, target.RoleName, arn, status, ex.Message, ex.AwsErrorCode);
        }
    }
}
