using System.Buffers;
using System.Globalization;
using System.Text;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Http;

namespace Oms.Sdk.Errors;

/// <summary>
/// Removes a call's secrets (API secret, bearer tokens, write-only PII) from text a server sent, however the server
/// encoded the echo: raw, JSON-escaped (<c>\u002B</c>, <c>\/</c>, any character as <c>\uXXXX</c> in either case of hex),
/// percent-encoded (either case, UTF-8 sequences included, <c>+</c> as a space) or as HTML character references.
/// </summary>
/// <remarks>
/// Each secret is looked for, ignoring case, in decoded views of the text, where every decoded character remembers
/// the span of original text it came from; every span a match covers is replaced by <c>[redacted]</c>. The original is
/// never decoded in place, so what is not a secret stays byte for byte as the server sent it (an error body is still
/// the JSON it was, with the secret's escapes replaced by plain text). One level of encoding is undone, in each scheme
/// and in JSON escapes and percent-encoding mixed; a secret encoded twice over is not recognised.
/// </remarks>
internal static class OmsRedactor
{
    /// <summary>Secrets shorter than this are not redacted: they would match everywhere and hide the message.</summary>
    public const int MinLength = 3;

    private static readonly SearchValues<char> EncodingMarkers = SearchValues.Create("\\%+&");

    [Flags]
    private enum Decoding
    {
        None = 0,
        Json = 1,
        Percent = 2,
        PlusAsSpace = 4,
        Html = 8,
    }

    /// <summary>Redacts <paramref name="call"/>'s secrets from <paramref name="text"/> (no call: the text as it is).</summary>
    public static string? Redact(string? text, OmsCallContext? call) => call is null ? text : call.Redact(text);

    /// <summary>Redacts each of <paramref name="secrets"/> (nulls and those under <see cref="MinLength"/> skipped) from <paramref name="text"/>.</summary>
    public static string Redact<TSecrets>(string text, TSecrets secrets)
        where TSecrets : IReadOnlyList<string?>
    {
        if (text.Length == 0 || !AnyRedactable(secrets))
        {
            return text;
        }

        if (text.AsSpan().IndexOfAny(EncodingMarkers) < 0)
        {
            // Nothing encoded: the common case (a request id, a plain error body) searches the text as it is.
            var found = false;
            for (var k = 0; k < secrets.Count; k++)
            {
                found |= secrets[k] is { Length: >= MinLength } secret && text.Contains(secret, StringComparison.OrdinalIgnoreCase);
            }

            if (!found)
            {
                return text;
            }
        }

        var hidden = new bool[text.Length];
        var any = false;
        foreach (var decoding in (ReadOnlySpan<Decoding>)[Decoding.None, Decoding.Json, Decoding.Json | Decoding.Percent | Decoding.Html, Decoding.Percent | Decoding.PlusAsSpace | Decoding.Html])
        {
            if (decoding != Decoding.None && !Applies(text, decoding))
            {
                continue;
            }

            var view = new View(text, decoding);
            for (var k = 0; k < secrets.Count; k++)
            {
                if (secrets[k] is not { Length: >= MinLength } secret)
                {
                    continue;
                }

                for (var at = view.Text.IndexOf(secret, StringComparison.OrdinalIgnoreCase); at >= 0; at = view.Text.IndexOf(secret, at + 1, StringComparison.OrdinalIgnoreCase))
                {
                    hidden.AsSpan(view.Start[at], view.End[at + secret.Length - 1] - view.Start[at]).Fill(true);
                    any = true;
                }
            }
        }

        if (!any)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!hidden[i])
            {
                result.Append(text[i]);
            }
            else if (i == 0 || !hidden[i - 1])
            {
                result.Append(Redacted.Text);
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// Server text fit for a message or a log: control and bidirectional-formatting characters removed, cut to
    /// <paramref name="maxLength"/>. Returns the same string when there is nothing to remove (no allocation).
    /// </summary>
    public static string Sanitize(string text, int maxLength)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text.Length <= maxLength ? text : text[..maxLength];
        }

        var result = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (result.Length == maxLength)
            {
                break;
            }

            if (!IsUnsafe(c))
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F';

    private static bool AnyRedactable<TSecrets>(TSecrets secrets)
        where TSecrets : IReadOnlyList<string?>
    {
        for (var k = 0; k < secrets.Count; k++)
        {
            if (secrets[k] is { Length: >= MinLength })
            {
                return true;
            }
        }

        return false;
    }

    private static bool Applies(string text, Decoding decoding) =>
        ((decoding & Decoding.Json) != 0 && text.Contains('\\', StringComparison.Ordinal))
        || ((decoding & Decoding.Percent) != 0 && text.Contains('%', StringComparison.Ordinal))
        || ((decoding & Decoding.PlusAsSpace) != 0 && text.Contains('+', StringComparison.Ordinal))
        || ((decoding & Decoding.Html) != 0 && text.Contains('&', StringComparison.Ordinal));

    /// <summary>A decoded copy of a text; <see cref="Start"/> and <see cref="End"/> give each character's span in the original.</summary>
    private readonly struct View
    {
        public View(string text, Decoding decoding)
        {
            var chars = new StringBuilder(text.Length);
            var start = new List<int>(text.Length);
            var end = new List<int>(text.Length);
            var i = 0;
            while (i < text.Length)
            {
                var from = i;
                if ((decoding & Decoding.Json) != 0 && TryJsonEscape(text, ref i, out var c))
                {
                    Add(c, from, i);
                }
                else if ((decoding & Decoding.Percent) != 0 && IsPercentByte(text, i))
                {
                    DecodePercentRun(text, ref i);
                }
                else if ((decoding & Decoding.Html) != 0 && TryHtmlReference(text, ref i, out c))
                {
                    Add(c, from, i);
                }
                else
                {
                    c = text[i++];
                    Add((decoding & Decoding.PlusAsSpace) != 0 && c == '+' ? ' ' : c, from, i);
                }
            }

            Text = chars.ToString();
            Start = [.. start];
            End = [.. end];

            void Add(char c, int from, int to)
            {
                chars.Append(c);
                start.Add(from);
                end.Add(to);
            }

            void DecodePercentRun(string text, ref int i)
            {
                var runStart = i;
                var bytes = new List<byte>();
                while (IsPercentByte(text, i))
                {
                    bytes.Add((byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2])));
                    i += 3;
                }

                var decoded = Encoding.UTF8.GetString([.. bytes]);
                if (!decoded.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // Valid UTF-8: each character spans the escapes of its own bytes.
                    var at = runStart;
                    Span<char> units = stackalloc char[2];
                    foreach (var rune in decoded.EnumerateRunes())
                    {
                        var to = Math.Min(at + (rune.Utf8SequenceLength * 3), i);
                        foreach (var unit in units[..rune.EncodeToUtf16(units)])
                        {
                            Add(unit, at, to);
                        }

                        at = to;
                    }
                }
                else
                {
                    for (var k = 0; k < bytes.Count; k++)
                    {
                        Add((char)bytes[k], runStart + (k * 3), runStart + (k * 3) + 3);
                    }
                }
            }
        }

        public string Text { get; }

        public int[] Start { get; }

        public int[] End { get; }

        private static bool TryJsonEscape(string text, ref int i, out char c)
        {
            c = default;
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                return false;
            }

            var next = text[i + 1];
            if (next is 'u' or 'U' && i + 6 <= text.Length
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                c = (char)code;
                i += 6;
                return true;
            }

            c = next switch
            {
                '"' or '\\' or '/' or '\'' => next,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => default,
            };
            if (c == default)
            {
                return false;
            }

            i += 2;
            return true;
        }

        private static bool TryHtmlReference(string text, ref int i, out char c)
        {
            c = default;
            if (text[i] != '&')
            {
                return false;
            }

            var semicolon = text.IndexOf(';', i + 1, Math.Min(10, text.Length - i - 1));
            if (semicolon < 0)
            {
                return false;
            }

            var name = text.AsSpan(i + 1, semicolon - i - 1);
            if (name.Length > 1 && name[0] == '#')
            {
                var ok = name[1] is 'x' or 'X'
                    ? ushort.TryParse(name[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    : ushort.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out code);
                if (!ok)
                {
                    return false;
                }

                c = (char)code;
            }
            else
            {
                c = name switch
                {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => default,
                };
                if (c == default)
                {
                    return false;
                }
            }

            i = semicolon + 1;
            return true;
        }
    }

    private static bool IsPercentByte(string text, int i) =>
        i + 2 < text.Length && text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
