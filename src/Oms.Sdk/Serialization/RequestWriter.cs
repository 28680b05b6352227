using System.Text.Json;

namespace Oms.Sdk.Serialization;

/// <summary>
/// The pieces of a request body that <see cref="CreateCustomerRequestConverter"/> and
/// <see cref="UpdateCustomerRequestConverter"/> both write, each as the serializer wrote it with the SDK's options: the
/// property names pre-encoded once, nested objects without their unset fields, enums in their wire spelling.
/// </summary>
internal static class RequestWriter
{
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText FirstName = JsonEncodedText.Encode("firstName");
    public static readonly JsonEncodedText MiddleName = JsonEncodedText.Encode("middleName");
    public static readonly JsonEncodedText LastName = JsonEncodedText.Encode("lastName");
    public static readonly JsonEncodedText Email = JsonEncodedText.Encode("email");
    public static readonly JsonEncodedText Phone = JsonEncodedText.Encode("phone");
    public static readonly JsonEncodedText BirthDate = JsonEncodedText.Encode("birthDate");
    public static readonly JsonEncodedText Nationality = JsonEncodedText.Encode("nationality");
    public static readonly JsonEncodedText IpAddress = JsonEncodedText.Encode("ipAddress");
    public static readonly JsonEncodedText ExternalId = JsonEncodedText.Encode("externalId");
    public static readonly JsonEncodedText SignedAgreement = JsonEncodedText.Encode("signedAgreement");
    public static readonly JsonEncodedText ResidentialAddress = JsonEncodedText.Encode("residentialAddress");
    public static readonly JsonEncodedText IdentifyingInformation = JsonEncodedText.Encode("identifyingInformation");
    public static readonly JsonEncodedText Endorsements = JsonEncodedText.Encode("endorsements");
    public static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");

    private static readonly JsonEncodedText Line1 = JsonEncodedText.Encode("line1");
    private static readonly JsonEncodedText Line2 = JsonEncodedText.Encode("line2");
    private static readonly JsonEncodedText City = JsonEncodedText.Encode("city");
    private static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText Country = JsonEncodedText.Encode("country");
    private static readonly JsonEncodedText ZipCode = JsonEncodedText.Encode("zipCode");
    private static readonly JsonEncodedText IssuingCountry = JsonEncodedText.Encode("issuingCountry");
    private static readonly JsonEncodedText Number = JsonEncodedText.Encode("number");

    /// <summary>Writes the property when it has a value; an unset one is left out.</summary>
    /// <summary>
    /// Writes the fields the SDK does not model (a request's <c>AdditionalProperties</c>), last; their names were checked
    /// against the modelled ones before the call. Nothing for <see langword="null"/>.
    /// </summary>
    public static void WriteUnmodelled(Utf8JsonWriter writer, Dictionary<string, JsonElement>? fields)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (name, element) in fields)
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }
    }

    public static void WriteIfSet(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>The birth date as <c>YYYY-MM-DD</c>, the serializer's spelling of a <see cref="DateOnly"/>.</summary>
    public static void WriteDate(Utf8JsonWriter writer, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        Digits(text[..4], date.Year);
        text[4] = (byte)'-';
        Digits(text.Slice(5, 2), date.Month);
        text[7] = (byte)'-';
        Digits(text.Slice(8, 2), date.Day);
        writer.WriteString(BirthDate, text);
    }

    /// <summary>Writes <paramref name="value"/> as exactly <c>digits.Length</c> ASCII digits, zero-padded.</summary>
    private static void Digits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    public static void WriteAddress(Utf8JsonWriter writer, ResidentialAddress address)
    {
        writer.WriteStartObject();
        WriteIfSet(writer, Line1, address.Line1);
        WriteIfSet(writer, Line2, address.Line2);
        WriteIfSet(writer, City, address.City);
        WriteIfSet(writer, State, address.State);
        WriteIfSet(writer, Country, address.Country);
        WriteIfSet(writer, ZipCode, address.ZipCode);
        writer.WriteEndObject();
    }

    /// <summary>The documents in order; a <c>null</c> entry is written as <c>null</c>, as the serializer does.</summary>
    public static void WriteDocuments(Utf8JsonWriter writer, IReadOnlyList<IdentifyingDocument> documents)
    {
        writer.WriteStartArray();
        foreach (var document in documents)
        {
            if (document is null)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString(Type, WireNames.ToWire(document.Type));
            WriteIfSet(writer, IssuingCountry, document.IssuingCountry);
            WriteIfSet(writer, Number, document.Number);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteEndorsements(Utf8JsonWriter writer, IReadOnlyList<Endorsement> endorsements)
    {
        writer.WriteStartArray(Endorsements);
        foreach (var endorsement in endorsements)
        {
            writer.WriteStringValue(WireNames.ToWire(endorsement));
        }

        writer.WriteEndArray();
    }

    /// <summary>A string map; a <c>null</c> value is written as <c>null</c> (in an update: remove that key).</summary>
    public static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string?>> map)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in map)
        {
            if (text is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, text);
            }
        }

        writer.WriteEndObject();
    }
}
