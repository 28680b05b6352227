using System.Text.Json;
using System.Text.Json.Serialization;

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
internal sealed class CustomerEndorsementListConverter : JsonConverter<IReadOnlyList<CustomerEndorsement>>
{
    private const string GrantedStatus = "approved";

    public override IReadOnlyList<CustomerEndorsement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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
                    if (JsonSerializer.Deserialize(ref reader, OmsJsonContext.Default.EndorsementWire) is { } endorsement)
                    {
                        items.Add(endorsement.ToEndorsement());
                    }

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
            JsonSerializer.Serialize(writer, EndorsementWire.From(endorsement), OmsJsonContext.Default.EndorsementWire);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads a list whose item shape the docs leave open: strings stay strings, anything else is kept as raw JSON text.</summary>
internal sealed class LenientStringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return [ReadOne(ref reader)];
        }

        // Most of these lists are empty (every endorsement has five): share one empty list rather than make one each.
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return [];
        }

        var items = new List<string>();
        do
        {
            items.Add(ReadOne(ref reader));
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return items.AsReadOnly();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static string ReadOne(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? string.Empty;
        }

        using var element = JsonDocument.ParseValue(ref reader);
        return element.RootElement.GetRawText();
    }
}
