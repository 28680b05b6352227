using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Customers;

namespace Oms.Sdk.Serialization;

/// <summary>Writes and reads an enum with the spellings of <see cref="WireNames"/>; an unknown spelling reads as the Unknown member.</summary>
internal abstract class WireEnumConverter<T>(Func<T, string> toWire, Func<string?, T> parse) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? parse(reader.GetString()) : SkipUnknown(ref reader);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(toWire(value));

    private static T SkipUnknown(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return default;
    }
}

internal sealed class EndorsementConverter() : WireEnumConverter<Endorsement>(WireNames.ToWire, WireNames.ParseEndorsement);

internal sealed class CustomerTypeConverter() : WireEnumConverter<CustomerType>(WireNames.ToWire, WireNames.ParseCustomerType);

internal sealed class IdentifyingDocumentTypeConverter() : WireEnumConverter<IdentifyingDocumentType>(WireNames.ToWire, WireNames.ParseIdentifyingDocumentType);

/// <summary>
/// Reads customer endorsements in both shapes the OMS docs show: a plain name (granted) or an object
/// with <c>name</c>, <c>status</c>, <c>rejectionReasons</c> and <c>requirements</c>.
/// </summary>
/// <remarks>
/// The object shape is read by hand rather than through a nested <see cref="JsonSerializer"/> call, which would scan
/// each endorsement twice and set up a fresh read state for it (a third of the time of reading a whole customer).
/// It reads as the serializer would: property names in any case, unknown properties skipped, a property of the
/// wrong JSON type an error.
/// </remarks>
internal sealed class CustomerEndorsementListConverter : JsonConverter<IReadOnlyList<CustomerEndorsement>>
{
    private const string GrantedStatus = "approved";

    public override IReadOnlyList<CustomerEndorsement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadList(ref reader);

    /// <summary>Reads the list under the reader (anything but an array reads as empty); leaves the reader on its last token.</summary>
    public static IReadOnlyList<CustomerEndorsement> ReadList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }

        var items = new List<CustomerEndorsement>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    items.Add(new CustomerEndorsement { RawName = reader.GetString(), RawStatus = GrantedStatus });
                    break;
                case JsonTokenType.StartObject:
                    items.Add(ReadEndorsement(ref reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return items.AsReadOnly();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<CustomerEndorsement> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var endorsement in value)
        {
            writer.WriteStartObject();
            WriteIfNotNull(writer, "name", endorsement.RawName);
            WriteIfNotNull(writer, "status", endorsement.RawStatus);
            WriteList(writer, "rejectionReasons", endorsement.RejectionReasons);
            writer.WriteStartObject("requirements");
            WriteList(writer, "complete", endorsement.Requirements.Complete);
            WriteList(writer, "pending", endorsement.Requirements.Pending);
            WriteList(writer, "missing", endorsement.Requirements.Missing);
            WriteList(writer, "issues", endorsement.Requirements.Issues);
            writer.WriteEndObject();
            foreach (var (field, element) in endorsement.AdditionalProperties)
            {
                writer.WritePropertyName(field);
                element.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static readonly JsonPropertyNames EndorsementNames = new("name", "status", "rejectionReasons", "requirements");

    private static readonly JsonPropertyNames RequirementNames = new("complete", "pending", "missing", "issues");

    private static CustomerEndorsement ReadEndorsement(ref Utf8JsonReader reader)
    {
        string? name = null;
        string? status = null;
        IReadOnlyList<string> reasons = [];
        var requirements = EndorsementRequirements.None;
        Dictionary<string, JsonElement>? additional = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = EndorsementNames.ReadName(ref reader, ref seen, keepUnknown: true, out var unknown);
            switch (property)
            {
                case 0: name = ReadString(ref reader); break;
                case 1: status = ReadString(ref reader); break;
                case 2: reasons = RejectionReasonListConverter.ReadList(ref reader); break;
                case 3: requirements = ReadRequirements(ref reader); break;

                // Kept, not skipped: a field OMS adds is readable the same day (AdditionalProperties).
                default: (additional ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[unknown!] = JsonElement.ParseValue(ref reader); break;
            }
        }

        return new CustomerEndorsement
        {
            RawName = name,
            RawStatus = status,
            RejectionReasons = reasons,
            Requirements = requirements,
            AdditionalProperties = UnmodelledFields.From(additional),
        };
    }

    private static EndorsementRequirements ReadRequirements(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return EndorsementRequirements.None;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An endorsement's \"requirements\" must be an object, not {reader.TokenType}.");
        }

        IReadOnlyList<string> complete = [], pending = [], missing = [], issues = [];
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = RequirementNames.ReadName(ref reader, ref seen, keepUnknown: false, out _);
            switch (which)
            {
                case 0: complete = LenientStringListConverter.ReadList(ref reader); break;
                case 1: pending = LenientStringListConverter.ReadList(ref reader); break;
                case 2: missing = LenientStringListConverter.ReadList(ref reader); break;
                case 3: issues = LenientStringListConverter.ReadList(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return complete.Count == 0 && pending.Count == 0 && missing.Count == 0 && issues.Count == 0
            ? EndorsementRequirements.None
            : new EndorsementRequirements { Complete = complete, Pending = pending, Missing = missing, Issues = issues };
    }

    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"An endorsement's name and status must be strings, not {reader.TokenType}."),
    };

    private static void WriteIfNotNull(Utf8JsonWriter writer, string property, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(property, value);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string property, IReadOnlyList<string> items)
    {
        writer.WritePropertyName(property);
        LenientStringListConverter.WriteList(writer, items);
    }
}

/// <summary>Reads a list whose item shape the docs leave open: strings stay strings, anything else is kept as raw JSON text.</summary>
internal sealed class LenientStringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadList(ref reader);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) => WriteList(writer, value);

    /// <summary>Reads the list; an item that is not a string becomes <paramref name="textOf"/>'s text for it, or its raw JSON when that gives none.</summary>
    public static IReadOnlyList<string> ReadList(ref Utf8JsonReader reader, Func<JsonElement, string?>? textOf = null)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return [ReadOne(ref reader, textOf)];
        }

        // Most of these lists are empty (every endorsement has five): share one empty list rather than make one each.
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return [];
        }

        var items = new List<string>();
        do
        {
            items.Add(ReadOne(ref reader, textOf));
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return items.AsReadOnly();
    }

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<string> value)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static string ReadOne(ref Utf8JsonReader reader, Func<JsonElement, string?>? textOf)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? string.Empty;
        }

        using var element = JsonDocument.ParseValue(ref reader);
        return textOf?.Invoke(element.RootElement) ?? element.RootElement.GetRawText();
    }
}

/// <summary>Reads an endorsement's <c>rejectionReasons</c>: strings as they are, the reference's reason objects as their text.</summary>
internal sealed class RejectionReasonListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadList(ref reader);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) => LenientStringListConverter.WriteList(writer, value);

    public static IReadOnlyList<string> ReadList(ref Utf8JsonReader reader) => LenientStringListConverter.ReadList(ref reader, TextOf);

    /// <summary>
    /// The text of one rejection reason given as the reference's object <c>{"developerReason", "reason"}</c>: the developer's
    /// explanation, else the end user's, else the object's raw JSON. A project ruling (the docs do not say which to show).
    /// </summary>
    private static string? TextOf(JsonElement reason)
    {
        if (reason.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["developerReason", "reason"])
        {
            foreach (var property in reason.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
                    && property.Value.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }

        return null;
    }
}
