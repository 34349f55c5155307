using System.Text.Json.Serialization;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Host.Cli;

/// <summary>JSON the CLI prints for scripts: the protocol's shapes, indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<RoleDto>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
