using System.Buffers.Text;
using System.Text.Json;

namespace Oms.Sdk.Serialization;

/// <summary>
/// The value readers shared by the hand-written readers (<see cref="CustomerReader"/>, <see cref="CustomerPageReader"/>,
/// <see cref="CustomerEndorsementListConverter"/>), each reading a value as System.Text.Json does with the SDK's options
/// and failing with a <see cref="JsonException"/> where it would.
/// </summary>
internal static class JsonRead
{
    /// <summary>Refuses a token other than <paramref name="expected"/>, naming what was being read.</summary>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"{what} must be {(expected == JsonTokenType.StartArray ? "an array" : "an object")}, not {reader.TokenType}.");
        }
    }

    public static JsonException NotNull(string property) => new($"\"{property}\" cannot be null.");

    /// <summary>A string or <c>null</c>; anything else is an error.</summary>
    public static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string, not {reader.TokenType}."),
    };

    /// <summary><c>true</c>, <c>false</c> or <c>null</c>; anything else (a string included) is an error.</summary>
    public static bool? Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected true or false, not {reader.TokenType}."),
    };

    /// <summary>An ISO 8601 instant in a string, or <c>null</c>.</summary>
    public static DateTimeOffset? Instant(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String when reader.TryGetDateTimeOffset(out var instant) => instant,
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected an ISO 8601 date and time."),
    };

    /// <summary>
    /// An amount: a JSON number, or a number in a string (the serializer's own reading of a quoted number, so the
    /// same strings pass), or <c>null</c>.
    /// </summary>
    public static decimal? Amount(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetDecimal(out var amount) => amount,
        JsonTokenType.String when QuotedAmount(ref reader) is { } amount => amount,
        JsonTokenType.String => JsonSerializer.Deserialize(ref reader, OmsJsonContext.Default.NullableDecimal),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected an amount (a number, or a number in a string)."),
    };

    /// <summary>
    /// A quoted amount parsed in place, as the serializer parses one (<see cref="Utf8Parser"/>, its default format, the whole
    /// string); <see langword="null"/> for one it must read itself (escaped, split across segments, or not a number, which
    /// it then reports as it always does).
    /// </summary>
    private static decimal? QuotedAmount(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && Utf8Parser.TryParse(reader.ValueSpan, out decimal amount, out var consumed) && consumed == reader.ValueSpan.Length
            ? amount
            : null;

    /// <summary>
    /// Keeps the value under the reader (just past the property <paramref name="name"/>) as a field the SDK does not model,
    /// as the serializer's extension data does. The map is made on the first one.
    /// </summary>
    /// <exception cref="JsonException">The name is repeated, or an object inside the value repeats a property: the serializer refuses both.</exception>
    public static void KeepUnmodelled(ref Utf8JsonReader reader, string name, ref Dictionary<string, JsonElement>? fields)
    {
        var value = JsonElement.ParseValue(ref reader);
        RejectRepeatedNames(value);
        if (!(fields ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal)).TryAdd(name, value))
        {
            throw new JsonException("A field the SDK does not model is given twice.");
        }
    }

    private static void RejectRepeatedNames(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                RejectRepeatedNames(item);
            }
        }
        else if (value.ValueKind == JsonValueKind.Object)
        {
            HashSet<string>? names = null;
            foreach (var property in value.EnumerateObject())
            {
                if (!(names ??= new HashSet<string>(StringComparer.Ordinal)).Add(property.Name))
                {
                    throw new JsonException("A field the SDK does not model repeats a property.");
                }

                RejectRepeatedNames(property.Value);
            }
        }
    }
}
