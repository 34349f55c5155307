using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SwitchRole.Core.Storage;

namespace SwitchRole.Core.Protocol;

/// <summary>
/// Writes the protocol's role object straight from a <see cref="RoleCursor"/> row: the same bytes as serialising
/// <see cref="RoleDto"/> (same members, order, nulls, escaping and time format), without the entry, the DTO or a
/// string per field. <c>RoleJsonTests</c> holds the two side by side. One instance writes the rows of one answer.
/// </summary>
internal sealed class RoleJson
{
    private static readonly JsonEncodedText AccountId = JsonEncodedText.Encode("accountId");
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode("roleName");
    private static readonly JsonEncodedText DisplayName = JsonEncodedText.Encode("displayName");
    private static readonly JsonEncodedText Color = JsonEncodedText.Encode("color");
    private static readonly JsonEncodedText Region = JsonEncodedText.Encode("region");
    private static readonly JsonEncodedText BaseAccountId = JsonEncodedText.Encode("baseAccountId");
    private static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
    private static readonly JsonEncodedText Origin = JsonEncodedText.Encode("origin");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updatedAt");
    private static readonly JsonEncodedText LastUsedAt = JsonEncodedText.Encode("lastUsedAt");
    private static readonly JsonEncodedText UseCount = JsonEncodedText.Encode("useCount");

    // The last time written: entries imported or synced together share their times, so most rows repeat them.
    private readonly byte[] _timeText = new byte[RoleDto.TimeLength];
    private long? _time;

    public void Write(Utf8JsonWriter writer, RoleCursor row)
    {
        writer.WriteStartObject();
        Text(writer, AccountId, row.GetUtf8(RoleColumn.AccountId));
        Text(writer, RoleName, row.GetUtf8(RoleColumn.RoleName));
        Text(writer, DisplayName, row.GetUtf8(RoleColumn.DisplayName));
        NullableText(writer, Color, row, RoleColumn.Color);
        NullableText(writer, Region, row, RoleColumn.Region);
        NullableText(writer, BaseAccountId, row, RoleColumn.BaseAccountId);
        NullableText(writer, Group, row, RoleColumn.Group);
        Text(writer, Origin, row.GetUtf8(RoleColumn.Origin));
        Time(writer, CreatedAt, row.GetInt64(RoleColumn.CreatedAt));
        Time(writer, UpdatedAt, row.GetInt64(RoleColumn.UpdatedAt));
        if (row.TryGetInt64(RoleColumn.LastUsedAt, out var lastUsed))
        {
            Time(writer, LastUsedAt, lastUsed);
        }
        else
        {
            writer.WriteNull(LastUsedAt);
        }

        writer.WriteNumber(UseCount, row.GetInt64(RoleColumn.UseCount));
        writer.WriteEndObject();
    }

    private static void NullableText(Utf8JsonWriter writer, JsonEncodedText name, RoleCursor row, RoleColumn column)
    {
        if (row.TryGetUtf8(column, out var utf8))
        {
            Text(writer, name, utf8);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            writer.WriteString(name, utf8); // the writer escapes UTF-8 as it does text
        }
        else
        {
            // The file is untrusted and the writer refuses invalid UTF-8: decode with U+FFFD for each bad sequence,
            // as the entry path (Microsoft.Data.Sqlite's GetString) always did, so the list still goes out.
            writer.WriteString(name, Encoding.UTF8.GetString(utf8));
        }
    }

    private void Time(Utf8JsonWriter writer, JsonEncodedText name, long unixMilliseconds)
    {
        if (_time != unixMilliseconds)
        {
            RoleDto.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), _timeText.AsSpan());
            _time = unixMilliseconds;
        }

        writer.WriteString(name, _timeText);
    }
}
