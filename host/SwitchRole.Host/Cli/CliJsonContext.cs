using System.Text.Json.Serialization;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Host.Cli;

/// <summary>JSON the CLI prints for scripts: the protocol's shapes, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<RoleDto>))]
[JsonSerializable(typeof(AddResultDto))]
[JsonSerializable(typeof(RemoveResultDto))]
[JsonSerializable(typeof(InstallReportDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary><c>add --json</c>: what happened (<c>added</c>, <c>updated</c> or <c>unchanged</c>) and the entry as stored.</summary>
internal sealed record AddResultDto(string Result, RoleDto Role);

/// <summary><c>remove --json</c>: the key of the entry removed.</summary>
internal sealed record RemoveResultDto(string Result, string AccountId, string RoleName);

/// <summary><c>install --json</c>.</summary>
internal sealed record InstallReportDto(
    string Binary,
    string HostName,
    string Scope,
    bool DryRun,
    ExtensionIdsDto ExtensionIds,
    IReadOnlyList<InstalledBrowserDto> Browsers,
    IReadOnlyList<SkippedBrowserDto> Skipped,
    IReadOnlyList<string> Notes);

/// <summary>The ids the manifests allow and the host serves, per browser family.</summary>
internal sealed record ExtensionIdsDto(IReadOnlyList<string> Chromium, IReadOnlyList<string> Firefox);

internal sealed record InstalledBrowserDto(string Id, string Name, IReadOnlyList<TargetChangeDto> Targets);

/// <summary>One manifest file or registry key, and <c>created</c>, <c>updated</c> or <c>unchanged</c> (what would happen, in a dry run).</summary>
internal sealed record TargetChangeDto(string Target, string Change);

internal sealed record SkippedBrowserDto(string Id, string Name, string Reason);
