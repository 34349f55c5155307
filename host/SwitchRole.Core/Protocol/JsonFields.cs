using System.Text.Json;

namespace SwitchRole.Core.Protocol;

/// <summary>
/// Reads the members of an untrusted request object without serializer metadata: the browser-started host parses
/// its everyday requests with these, so it carries no JsonSerializer (docs/performance.md). Absent and <c>null</c>
/// read as null; any other JSON type than expected is <see cref="ErrorCode.InvalidField"/> naming the member's path,
/// as <see cref="Request.Read{T}"/> says it. Member names are matched exactly (camelCase), unknown members ignored.
/// </summary>
public static class JsonFields
{
    public static string? OptionalString(JsonElement obj, string name, string path) =>
        Member(obj, name) is { } v ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(path) : null;

    public static long? OptionalInt64(JsonElement obj, string name, string path) =>
        Member(obj, name) is { } v ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw WrongType(path) : null;

    /// <summary>The member when it is an object, null when absent or null.</summary>
    public static JsonElement? OptionalObject(JsonElement obj, string name, string path) =>
        Member(obj, name) is { } v ? v.ValueKind == JsonValueKind.Object ? v : throw WrongType(path) : null;

    /// <summary>The member when it is an array, null when absent or null.</summary>
    public static JsonElement? OptionalArray(JsonElement obj, string name, string path) =>
        Member(obj, name) is { } v ? v.ValueKind == JsonValueKind.Array ? v : throw WrongType(path) : null;

    public static HostException WrongType(string path) =>
        new(ErrorCode.InvalidField, $"{path}: has the wrong JSON type", path);

    private static JsonElement? Member(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
