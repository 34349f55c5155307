using System.Buffers;
using System.Globalization;
using System.Text;

namespace SwitchRole.Core.Protocol;

/// <summary>
/// The first reply of a process without a <see cref="System.Text.Json.Utf8JsonWriter"/>: every string check a writer
/// makes builds its encoder first, about 0.25 ms of a cold host's start (docs/performance.md). A string of printable
/// ASCII other than <c>"</c> and <c>\</c> is its own JSON; for anything else the caller falls back to the writer.
/// </summary>
public sealed class PlainJson(int capacity)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(capacity);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>True when <paramref name="value"/> (null is <c>null</c>) needs no escaping in JSON.</summary>
    public static bool IsPlain(string? value)
    {
        foreach (var c in value ?? "")
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends JSON text that is already valid (punctuation, member names of plain ASCII).</summary>
    public PlainJson Raw(string json)
    {
        var span = _buffer.GetSpan(json.Length);
        var written = Encoding.ASCII.GetBytes(json, span);
        _buffer.Advance(written);
        return this;
    }

    /// <summary>A string that <see cref="IsPlain"/> accepted, quoted; null as <c>null</c>.</summary>
    public PlainJson Text(string? value) => value is null ? Raw("null") : Raw("\"").Raw(value).Raw("\"");

    public PlainJson Number(long value)
    {
        var span = _buffer.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written);
        return this;
    }
}
