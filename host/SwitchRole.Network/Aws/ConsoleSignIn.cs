namespace SwitchRole.Network.Aws;

/// <summary>What <c>switchrole open</c> asks for.</summary>
public sealed record ConsoleSignInRequest(
    string AccountId,
    string RoleName,
    string? Region = null,
    int? DurationSeconds = null,
    string? MfaSerial = null,
    string? ExternalId = null,
    bool LogoutFirst = false);

/// <summary>The console login URL and what was decided on the way. <see cref="Url"/> is a bearer secret for 15 minutes.</summary>
public sealed class ConsoleSignInResult(Uri url, string roleArn, int durationSeconds, bool roleChaining, IReadOnlyList<string> notes)
{
    public Uri Url { get; } = url;

    public string RoleArn { get; } = roleArn;

    public int DurationSeconds { get; } = durationSeconds;

    public bool RoleChaining { get; } = roleChaining;

    /// <summary>Things the person should know (a shortened duration), one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; } = notes;

    public override string ToString() => $"ConsoleSignInResult({RoleArn}, {DurationSeconds}s)";
}

/// <summary>AssumeRole, then the federation sign-in token, then the login URL for the console in the entry's region.</summary>
public sealed class ConsoleSignIn(IStsGateway sts, FederationClient federation)
{
    public const int DefaultDurationSeconds = 3_600;

    /// <param name="request">The role and options.</param>
    /// <param name="askMfaCode">Asks a person for the current code of the given MFA device; returns null when nobody can answer.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task<ConsoleSignInResult> CreateLoginUrlAsync(ConsoleSignInRequest request, Func<string, string?> askMfaCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(askMfaCode);
        var region = request.Region ?? sts.Region;
        var partition = AwsPartition.ForRegion(region);
        var roleArn = partition.RoleArn(request.AccountId, request.RoleName);
        var notes = new List<string>();

        var duration = request.DurationSeconds ?? DefaultDurationSeconds;
        if (duration is < AssumeRoleSpec.MinimumDurationSeconds or > AssumeRoleSpec.MaximumDurationSeconds)
        {
            throw new SwitchRole.Core.Model.ValidationException("duration", $"must be between {AssumeRoleSpec.MinimumDurationSeconds} and {AssumeRoleSpec.MaximumDurationSeconds} seconds, got {duration}");
        }

        // Role chaining (credentials that are themselves a role session) caps the new session at one hour,
        // and the federation endpoint refuses SessionDuration for it.
        var caller = await sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false);
        var chaining = caller.IsAssumedRole;
        if (chaining && duration > AssumeRoleSpec.RoleChainingMaximumSeconds)
        {
            notes.Add($"Your credentials are a role session ({caller.Arn}), so AWS allows at most 1 hour for the next role (role chaining): using 3600 seconds.");
            duration = AssumeRoleSpec.RoleChainingMaximumSeconds;
        }

        var mfaSerial = request.MfaSerial ?? sts.ProfileMfaSerial;
        string? mfaCode = null;
        if (mfaSerial is not null)
        {
            mfaCode = askMfaCode(mfaSerial)?.Trim();
            if (string.IsNullOrEmpty(mfaCode))
            {
                throw new StsException(StsFailureKind.MfaRequired, $"An MFA code for {mfaSerial} is needed and none was entered: run the command in a terminal and type the current 6-digit code.");
            }

            if (mfaCode.Length != 6 || !mfaCode.All(char.IsAsciiDigit))
            {
                throw new SwitchRole.Core.Model.ValidationException("mfaCode", "must be the 6 digits your MFA device shows");
            }
        }

        var session = await sts.AssumeRoleAsync(
            new AssumeRoleSpec(roleArn, SessionNames.ForOpen(), duration, mfaSerial, mfaCode, request.ExternalId), cancellationToken).ConfigureAwait(false);
        var token = await federation.GetSigninTokenAsync(session, chaining ? null : duration, cancellationToken).ConfigureAwait(false);
        var url = federation.BuildLoginUrl(token, partition.ConsoleDestination(region));
        if (request.LogoutFirst)
        {
            url = federation.WrapWithLogout(url);
        }

        return new ConsoleSignInResult(url, roleArn, duration, chaining, notes);
    }
}
