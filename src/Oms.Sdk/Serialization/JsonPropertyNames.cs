using System.Text;
using System.Text.Json;

namespace Oms.Sdk.Serialization;

/// <summary>
/// The property names of one JSON object the SDK reads by hand, matched as the serializer matches them with the SDK's
/// options (ordinal, ignoring case, escaped or not). A name is compared byte for byte first, against the spelling OMS
/// sends (nearly every name, so nearly every lookup ends there), then ignoring ASCII case, and is unescaped and compared
/// as a string only when it is escaped or not ASCII.
/// </summary>
internal sealed class JsonPropertyNames
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;

    /// <summary>For each UTF-8 length, the indexes of the names that long (<see langword="null"/> for none).</summary>
    private readonly int[]?[] _byLength;

    /// <param name="names">The names, each at the index <see cref="IndexOf"/> returns for it.</param>
    public JsonPropertyNames(params string[] names)
    {
        _names = names;
        _utf8 = Array.ConvertAll(names, name => Encoding.UTF8.GetBytes(name));
        _byLength = new int[]?[_utf8.Max(name => name.Length) + 1];
        for (var i = 0; i < _utf8.Length; i++)
        {
            var length = _utf8[i].Length;
            _byLength[length] = [.. _byLength[length] ?? [], i];
        }
    }

    /// <summary>The index of the property name under the reader, or -1 for a property not in the list.</summary>
    private int IndexOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            if ((uint)name.Length < (uint)_byLength.Length && _byLength[name.Length] is { } candidates)
            {
                foreach (var i in candidates)
                {
                    if (name.SequenceEqual(_utf8[i]))
                    {
                        return i;
                    }
                }

                // False for a name that is not ASCII, which is then compared as the serializer compares it, below.
                foreach (var i in candidates)
                {
                    if (Ascii.EqualsIgnoreCase(name, _utf8[i]))
                    {
                        return i;
                    }
                }
            }

            if (Ascii.IsValid(name))
            {
                return -1;
            }
        }

        return Find(ref reader, _names);
    }

    /// <summary>
    /// Moves from the property name under the reader onto its value, refusing a property of the list given twice in the
    /// object (<paramref name="seen"/>, as the serializer does). Returns the name's index, or -1 for a property not in
    /// the list, whose name is then in <paramref name="unknown"/> when asked for (to keep it as an unmodelled field).
    /// </summary>
    public int ReadName(ref Utf8JsonReader reader, ref int seen, bool keepUnknown, out string? unknown)
    {
        var index = IndexOf(ref reader);
        unknown = index < 0 && keepUnknown ? reader.GetString() : null;
        if (index >= 0)
        {
            Once(ref seen, index);
        }

        reader.Read();
        return index;
    }

    /// <summary>Refuses a property read before in the same object, as the serializer does with duplicates disallowed.</summary>
    private static void Once(ref int seen, int property)
    {
        var bit = 1 << property;
        if ((seen & bit) != 0)
        {
            throw new JsonException("An object repeats a property.");
        }

        seen |= bit;
    }

    /// <summary>
    /// The index in <paramref name="names"/> of the property name under the reader, for a name that is escaped or not
    /// ASCII: unescaped and compared as the serializer does (ordinal, ignoring case); -1 when none matches.
    /// </summary>
    private static int Find(ref Utf8JsonReader reader, string[] names)
    {
        var name = reader.GetString();
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(name, names[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
