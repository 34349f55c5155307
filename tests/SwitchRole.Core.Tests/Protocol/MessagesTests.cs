using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Sources;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class MessagesTests
{
    [Theory]
    [InlineData(2026, 1, 2, 3, 4, 5, 6, 0, "2026-01-02T03:04:05.006Z")]
    [InlineData(2026, 11, 28, 23, 59, 59, 999, 0, "2026-11-28T23:59:59.999Z")]
    [InlineData(2026, 11, 29, 1, 30, 0, 0, 2, "2026-11-28T23:30:00.000Z")] // +02:00 is written as UTC
    [InlineData(1, 1, 1, 0, 0, 0, 0, 0, "0001-01-01T00:00:00.000Z")]
    public void FormatTime_AnyOffset_IsUtcIsoWithMilliseconds(int y, int mo, int d, int h, int mi, int s, int ms, int offsetHours, string expected)
    {
        var time = new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromHours(offsetHours));

        Assert.Equal(expected, RoleDto.FormatTime(time));
        Assert.Equal(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), RoleDto.FormatTime(time));
    }

    // switchrole-host reads and writes its everyday messages by hand (no JsonSerializer in it); the wire format is
    // what the source-generated contexts say. Each hand-written member is held to them here, nulls included.
    private static readonly RoleDto Full = new("111111111111", "Admin", "Prod \"admin\" é", "00ff00", "eu-west-1", "222222222222", "ops", "team:platform", "2026-01-02T03:04:05.006Z", "2026-01-02T03:04:05.007Z", "2026-01-03T00:00:00.000Z", 7);
    private static readonly RoleDto Sparse = new("111111111111", "Admin", "Admin", null, null, null, null, "local", "2026-01-02T03:04:05.006Z", "2026-01-02T03:04:05.006Z", null, 0);

    public static TheoryData<string, string> HandWrittenAndGenerated() => new()
    {
        { Written(Full.WriteTo), Generated(Full, ProtocolJsonContext.Default.RoleDto) },
        { Written(Sparse.WriteTo), Generated(Sparse, ProtocolJsonContext.Default.RoleDto) },
        { Written(new RoleKeyDto("111111111111", "Admin").WriteTo), Generated(new RoleKeyDto("111111111111", "Admin"), ProtocolJsonContext.Default.RoleKeyDto) },
        { Members(new RolesUpsertResult(9, 1, 2, 3, [Full, Sparse]).WriteMembers), Generated(new RolesUpsertResult(9, 1, 2, 3, [Full, Sparse]), ProtocolJsonContext.Default.RolesUpsertResult) },
        { Members(new RolesUpsertResult(9, 1, 2, 3, null).WriteMembers), Generated(new RolesUpsertResult(9, 1, 2, 3, null), ProtocolJsonContext.Default.RolesUpsertResult) },
        { Members(new RolesDeleteResult(4, true).WriteMembers), Generated(new RolesDeleteResult(4, true), ProtocolJsonContext.Default.RolesDeleteResult) },
        { Members(new RolesTouchResult(5, Sparse).WriteMembers), Generated(new RolesTouchResult(5, Sparse), ProtocolJsonContext.Default.RolesTouchResult) },
        { Written(new ErrorBody(3, "InvalidField", "roles[0].color: \"#zz\" is not a colour", "roles[0].color").WriteTo), Generated(new ErrorBody(3, "InvalidField", "roles[0].color: \"#zz\" is not a colour", "roles[0].color"), ProtocolJsonContext.Default.ErrorBody) },
        { Written(new ErrorBody(9, "InternalError", "no", null).WriteTo), Generated(new ErrorBody(9, "InternalError", "no", null), ProtocolJsonContext.Default.ErrorBody) },
        { Encoding.UTF8.GetString(ChangedEvent.For(42).ToFrame()), Generated(ChangedEvent.For(42), ProtocolJsonContext.Default.ChangedEvent) },
        { Members(new SourcesListResult(3, [Source(failing: true), Source(failing: false)]).WriteMembers), Generated(new SourcesListResult(3, [Source(failing: true), Source(failing: false)]), SourcesJsonContext.Default.SourcesListResult) },
        { Members(new SourcesRemoveResult(3, "platform", 12).WriteMembers), Generated(new SourcesRemoveResult(3, "platform", 12), SourcesJsonContext.Default.SourcesRemoveResult) },
    };

    [Theory]
    [MemberData(nameof(HandWrittenAndGenerated))]
    public void HandWrittenMessage_IsWhatTheGeneratedContextWrites(string handWritten, string generated) =>
        Assert.Equal(generated, handWritten);

    [Theory]
    [InlineData("""{"search":"prod","accountId":"111111111111","group":"ops","sinceRevision":12,"extra":[1]}""")]
    [InlineData("""{"search":null}""")]
    [InlineData("""{}""")]
    public void RolesListRequest_Read_IsWhatTheGeneratedContextReads(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(document.RootElement.Deserialize(ProtocolJsonContext.Default.RolesListRequest), RolesListRequest.Read(document.RootElement));
    }

    [Fact]
    public void RolesUpsertRequest_Read_IsWhatTheGeneratedContextReads()
    {
        using var document = JsonDocument.Parse("""{"roles":[{"accountId":"111111111111","roleName":"Admin","displayName":"Prod","color":"00ff00","region":"eu-west-1","baseAccountId":"222222222222","group":"ops","origin":"local"},null,{"accountId":"333333333333"}],"role":{"roleName":"x"}}""");
        var read = RolesUpsertRequest.Read(document.RootElement);
        var generated = document.RootElement.Deserialize(ProtocolJsonContext.Default.RolesUpsertRequest)!;

        Assert.Equal(generated.Roles, read.Roles);
        Assert.Equal(generated.Role, read.Role);
        Assert.Equal(new RoleKeyRequest("1", "Admin"), RoleKeyRequest.Read(JsonDocument.Parse("""{"accountId":"1","roleName":"Admin"}""").RootElement));
        Assert.Equal(new SourceNameRequest("platform"), SourceNameRequest.Read(JsonDocument.Parse("""{"name":"platform"}""").RootElement));
    }

    [Theory]
    [InlineData("""{"roles":[{"accountId":"111111111111"},{"color":5}]}""", "roles[1].color")]
    [InlineData("""{"roles":[{"accountId":"111111111111"},"x"]}""", "roles[1]")]
    [InlineData("""{"roles":{"accountId":"111111111111"}}""", "roles")]
    [InlineData("""{"role":{"roleName":["Admin"]}}""", "role.roleName")]
    [InlineData("""{"role":"Admin"}""", "role")]
    public void RolesUpsertRequest_WrongJsonType_NamesTheMember(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var error = Assert.Throws<HostException>(() => RolesUpsertRequest.Read(document.RootElement));

        Assert.Equal(ErrorCode.InvalidField, error.Code);
        Assert.Equal(path, error.Field);
        Assert.Equal($"{path}: has the wrong JSON type", error.Message);
    }

    [Theory]
    [InlineData("""{"sinceRevision":"12"}""", "sinceRevision")]
    [InlineData("""{"sinceRevision":1.5}""", "sinceRevision")]
    [InlineData("""{"search":true}""", "search")]
    public void RolesListRequest_WrongJsonType_NamesTheMember(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var error = Assert.Throws<HostException>(() => RolesListRequest.Read(document.RootElement));

        Assert.Equal(path, error.Field);
        Assert.Throws<JsonException>(() => document.RootElement.Deserialize(ProtocolJsonContext.Default.RolesListRequest));
    }

    private static SourceDto Source(bool failing) => new("platform", "url", "https://example.com/roles.ini?…", "auto", 60, "2026-01-02T03:04:05.006Z", "2026-01-02T03:04:05.006Z", failing ? null : "2026-01-02T03:04:05.006Z", null, failing ? "failing" : "ok", failing ? "HTTP 404" : null, failing ? "2026-01-02T03:04:05.006Z" : null, 2);

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Members(Action<Utf8JsonWriter> writeMembers) => Written(w =>
    {
        w.WriteStartObject();
        writeMembers(w);
        w.WriteEndObject();
    });

    private static string Generated<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);
}
