using System.Text.Json;
using SwitchRole.Core.Protocol;

namespace SwitchRole.Core.Handlers;

/// <summary>What <c>export</c> and <c>backup</c> share: the snapshot the CLI writes, and sending text in parts under the 1 MiB cap.</summary>
internal static class ExportSupport
{
    /// <summary>Room for the envelope and header members of each part.</summary>
    private const int EnvelopeReserve = 4096;

    /// <summary>
    /// Characters per part. JSON escaping writes at most 6 bytes per UTF-16 character (<c>\uXXXX</c>), so a part of
    /// this many characters always fits the frame, whatever the text holds.
    /// </summary>
    public const int MaxCharsPerPart = (Framing.MaxOutboundBytes - EnvelopeReserve) / 6;

    /// <summary>Splits into parts of at most <paramref name="maxChars"/> characters, never between the halves of a surrogate pair; at least one part.</summary>
    public static List<string> Split(string text, int maxChars = MaxCharsPerPart)
    {
        var parts = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(maxChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            parts.Add(text.Substring(start, length));
            start += length;
        }

        if (parts.Count == 0)
        {
            parts.Add("");
        }

        return parts;
    }

    /// <summary>Sends <paramref name="text"/> as frames with the same id: header members, then <c>part</c>, <c>parts</c>, <c>text</c>.</summary>
    public static async Task SendPartsAsync(Responder responder, string text, Action<Utf8JsonWriter> header, CancellationToken cancellationToken, int maxChars = MaxCharsPerPart)
    {
        var parts = Split(text, maxChars);
        for (var part = 0; part < parts.Count; part++)
        {
            var chunk = parts[part];
            var index = part;
            await responder.SendResultAsync(w =>
            {
                header(w);
                w.WriteNumber("part", index);
                w.WriteNumber("parts", parts.Count);
                w.WriteString("text", chunk);
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
