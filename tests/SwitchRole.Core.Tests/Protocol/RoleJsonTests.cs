using System.Buffers;
using System.Text.Json;
using SwitchRole.Core.Protocol;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Tests.Protocol;

public sealed class RoleJsonTests
{
    /// <summary>Rows as a file may hold them: written by SwitchRole, or by hand (the file is untrusted).</summary>
    private static readonly string[] Rows =
    [
        "'111111111111', 'Admin', 'Prod admin', 'ff9900', 'eu-west-1', '999999999999', 'prod', 'local', 1795849861769, 1795849861770, 1795849900001, 7",
        "'222222222222', 'path/to/ReadOnly', 'ReadOnly @ 222222222222', NULL, NULL, NULL, NULL, 'team:corp', 0, 0, NULL, 0",
        "'333333333333', 'Quotes', 'say \"hi\" \\ back' || char(10, 9, 13, 8, 12, 1, 31, 127) || ' – café 東京 <b>&amp;</b> ''x''', 'abcdef', NULL, NULL, 'Grüße', 'import', -62135596800000, 253402300799999, 1, 1",
        "'444444444444', 'Emoji', 'ship 🚢 ' || char(8232, 8233, 65533, 65535, 64976, 173, 1564), NULL, NULL, NULL, NULL, 'console', 1, 2, 3, 9223372036854775807",
        "'555555555555', 'Bad', CAST(X'41C328FF80EDA080C0AF42E282' AS TEXT), CAST(X'C3' AS TEXT), NULL, NULL, CAST(X'67F0908D' AS TEXT), 'local', 1, 1, NULL, 0",
        "'666666666666', 'Numbers', 12345, NULL, 1.5, NULL, NULL, 'local', 1, 1, NULL, -3",
    ];

    [Fact]
    public void Write_AnyStoredRow_IsByteForByteTheSerialisedRoleDto()
    {
        using var home = new TempHome();
        var store = StoreWith(home, Rows);

        using var cursor = store.OpenList();
        var roleJson = new RoleJson(); // one for all rows, as for a list (rows repeating a time share its text)
        var compared = 0;
        while (cursor.Read())
        {
            var expected = ProtocolJson.Serialize(RoleDto.From(cursor.ToEntry()), ProtocolJsonContext.Default.RoleDto);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(Written(cursor, roleJson)));
            compared++;
        }

        Assert.Equal(Rows.Length, compared);
    }

    [Fact]
    public void Write_InvalidUtf8InTheFile_WritesValidJsonWithReplacementCharacters()
    {
        using var home = new TempHome();
        var store = StoreWith(home, [Rows[4]]);

        using var cursor = store.OpenList();
        Assert.True(cursor.Read());
        using var document = JsonDocument.Parse(Written(cursor, new RoleJson()));

        var role = document.RootElement;
        Assert.Equal("A\uFFFD(\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDB\uFFFD", role.GetProperty("displayName").GetString());
        Assert.Equal("\uFFFD", role.GetProperty("color").GetString());
        Assert.Equal("g\uFFFD", role.GetProperty("group").GetString());
    }

    private static byte[] Written(RoleCursor cursor, RoleJson roleJson)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            roleJson.Write(writer, cursor);
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static RoleStore StoreWith(TempHome home, IEnumerable<string> rows)
    {
        var store = home.OpenStore();
        using var connection = store.Database.Connect();
        foreach (var row in rows)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO roles ({RoleStore.Columns}) VALUES ({row})";
            command.ExecuteNonQuery();
        }

        return store;
    }
}
