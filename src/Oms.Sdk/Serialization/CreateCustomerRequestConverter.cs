using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Serialization;

/// <summary>
/// Writes a <see cref="CreateCustomerRequest"/> by hand: the body the serializer's own reading of the record's
/// properties wrote (declaration order, camelCase names, unset fields left out, enums in their wire spelling, the birth
/// date as <c>YYYY-MM-DD</c>), without its metadata walk and write stack, whose frame array it allocates for every
/// nested value (the metadata map, lists). Requests are never read.
/// </summary>
internal sealed class CreateCustomerRequestConverter : JsonConverter<CreateCustomerRequest>
{
    public override CreateCustomerRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A CreateCustomerRequest is only ever written: the SDK does not read one from JSON.");

    public override void Write(Utf8JsonWriter writer, CreateCustomerRequest value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(RequestWriter.Type, WireNames.ToWire(value.Type));
        RequestWriter.WriteIfSet(writer, RequestWriter.FirstName, value.FirstName);
        RequestWriter.WriteIfSet(writer, RequestWriter.MiddleName, value.MiddleName);
        RequestWriter.WriteIfSet(writer, RequestWriter.LastName, value.LastName);
        RequestWriter.WriteIfSet(writer, RequestWriter.Email, value.Email);
        RequestWriter.WriteIfSet(writer, RequestWriter.Phone, value.Phone);
        if (value.BirthDate is { } birthDate)
        {
            RequestWriter.WriteDate(writer, birthDate);
        }

        RequestWriter.WriteIfSet(writer, RequestWriter.Nationality, value.Nationality);
        RequestWriter.WriteIfSet(writer, RequestWriter.IpAddress, value.IpAddress);
        RequestWriter.WriteIfSet(writer, RequestWriter.ExternalId, value.ExternalId);
        if (value.SignedAgreement is { } signed)
        {
            writer.WriteBoolean(RequestWriter.SignedAgreement, signed);
        }

        if (value.ResidentialAddress is { } address)
        {
            writer.WritePropertyName(RequestWriter.ResidentialAddress);
            RequestWriter.WriteAddress(writer, address);
        }

        if (value.IdentifyingInformation is { } documents)
        {
            writer.WritePropertyName(RequestWriter.IdentifyingInformation);
            RequestWriter.WriteDocuments(writer, documents);
        }

        if (value.Endorsements is { } endorsements)
        {
            RequestWriter.WriteEndorsements(writer, endorsements);
        }

        if (value.Metadata is { } metadata)
        {
            writer.WritePropertyName(RequestWriter.Metadata);
            RequestWriter.WriteMap(writer, (IEnumerable<KeyValuePair<string, string?>>)metadata);
        }

        RequestWriter.WriteUnmodelled(writer, value.WireAdditionalProperties);
        writer.WriteEndObject();
    }
}
