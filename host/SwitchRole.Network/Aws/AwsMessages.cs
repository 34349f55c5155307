using System.Text.Json.Serialization;

namespace SwitchRole.Network.Aws;

// The JSON shapes of the AWS helpers: `switchrole whoami/check --json` and the aws.* protocol actions.
// None of them carries credentials or session tokens; only AwsSigninUrlResult and SsoSigninUrlResult carry a sign-in URL.

public sealed record WhoamiDto(string Account, string Arn, string UserId, string Partition, bool AssumedRole)
{
    public static WhoamiDto From(StsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new(identity.Account, identity.Arn, identity.UserId, identity.Partition, identity.IsAssumedRole);
    }
}

public sealed record RoleCheckDto(string AccountId, string RoleName, string RoleArn, string Status, string Message, string? AwsErrorCode)
{
    public static RoleCheckDto From(RoleCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.AccountId, result.RoleName, result.RoleArn, result.StatusName, result.Message, result.AwsErrorCode);
    }
}

public sealed record CheckReportDto(int Total, int Assumable, IReadOnlyList<RoleCheckDto> Results);

/// <summary><c>aws.check</c>: one entry (accountId + roleName), or every entry (<c>all: true</c>).</summary>
public sealed record AwsCheckRequest(string? AccountId, string? RoleName, bool? All, string? Profile);

/// <summary><c>aws.signinUrl</c>.</summary>
public sealed record AwsSigninUrlRequest(string? AccountId, string? RoleName, string? Region, int? DurationSeconds, string? Profile, bool? LogoutFirst);

public sealed record AwsSigninUrlResult(string Url, string RoleArn, int DurationSeconds, bool RoleChaining, IReadOnlyList<string> Notes);

/// <summary><c>sso.accounts</c>: the sign-in named by <c>ssoSession</c> or <c>profile</c>, else the only sso-session.</summary>
public sealed record SsoAccountsRequest(string? SsoSession, string? Profile);

public sealed record SsoAccountItem(string AccountId, string AccountName, IReadOnlyList<string> PermissionSets);

/// <summary>What the popup lists. <c>Truncated</c>: more accounts than fit one frame; the first ones by name are listed.</summary>
public sealed record SsoAccountsResult(string? SsoSession, string StartUrl, string Region, int Total, bool Truncated, IReadOnlyList<SsoAccountItem> Accounts);

/// <summary><c>sso.sessions</c>: one configured sign-in; <c>Problem</c> says why it cannot be used as written, or is null.</summary>
public sealed record SsoSessionItem(string Name, string? StartUrl, string? Region, string? Problem);

/// <summary>What the popup offers to choose from when there are two or more. <c>Truncated</c>: more than the list holds.</summary>
public sealed record SsoSessionsResult(string ConfigFile, bool Truncated, IReadOnlyList<SsoSessionItem> Sessions);

/// <summary><c>sso.signinUrl</c>.</summary>
public sealed record SsoSigninUrlRequest(string? AccountId, string? PermissionSet, string? Region, string? SsoSession, string? Profile, bool? LogoutFirst);

public sealed record SsoSigninUrlResult(string Url, string AccountId, string PermissionSet, string? SessionExpiresAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WhoamiDto))]
[JsonSerializable(typeof(CheckReportDto))]
[JsonSerializable(typeof(AwsCheckRequest))]
[JsonSerializable(typeof(AwsSigninUrlRequest))]
[JsonSerializable(typeof(AwsSigninUrlResult))]
[JsonSerializable(typeof(SsoAccountsRequest))]
[JsonSerializable(typeof(SsoAccountsResult))]
[JsonSerializable(typeof(SsoSessionsResult))]
[JsonSerializable(typeof(SsoSigninUrlRequest))]
[JsonSerializable(typeof(SsoSigninUrlResult))]
public sealed partial class AwsJsonContext : JsonSerializerContext;
