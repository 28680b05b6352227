using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oms.Sdk.Serialization;

/// <summary>
/// Writes an <see cref="UpdateCustomerRequest"/> as a JSON Merge Patch body: only the assigned fields, an explicit
/// <c>null</c> for a cleared one, and inside <c>metadata</c> an explicit <c>null</c> for each key to remove. Nested
/// values written by <see cref="RequestWriter"/>, as for a create. Requests are never read.
/// </summary>
internal sealed class UpdateCustomerRequestConverter : JsonConverter<UpdateCustomerRequest>
{
    public override UpdateCustomerRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An UpdateCustomerRequest is only ever written: the SDK does not read one from JSON.");

    public override void Write(Utf8JsonWriter writer, UpdateCustomerRequest value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteString(writer, value, UpdateCustomerFields.FirstName, "firstName", value.FirstName);
        WriteString(writer, value, UpdateCustomerFields.MiddleName, "middleName", value.MiddleName);
        WriteString(writer, value, UpdateCustomerFields.LastName, "lastName", value.LastName);
        WriteString(writer, value, UpdateCustomerFields.Email, "email", value.Email);
        WriteString(writer, value, UpdateCustomerFields.Phone, "phone", value.Phone);
        WriteString(writer, value, UpdateCustomerFields.BirthDate, "birthDate", value.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteString(writer, value, UpdateCustomerFields.Nationality, "nationality", value.Nationality);
        WriteString(writer, value, UpdateCustomerFields.IpAddress, "ipAddress", value.IpAddress);
        WriteString(writer, value, UpdateCustomerFields.ExternalId, "externalId", value.ExternalId);
        if (value.SignedAgreement is { } signed)
        {
            writer.WriteBoolean("signedAgreement", signed);
        }

        if (value.IsAssigned(UpdateCustomerFields.ResidentialAddress))
        {
            writer.WritePropertyName(RequestWriter.ResidentialAddress);
            if (value.ResidentialAddress is { } address)
            {
                RequestWriter.WriteAddress(writer, address);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        if (value.IsAssigned(UpdateCustomerFields.IdentifyingInformation))
        {
            writer.WritePropertyName(RequestWriter.IdentifyingInformation);
            if (value.IdentifyingInformation is { } documents)
            {
                RequestWriter.WriteDocuments(writer, documents);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        if (value.Endorsements is { } endorsements)
        {
            RequestWriter.WriteEndorsements(writer, endorsements);
        }

        if (value.IsAssigned(UpdateCustomerFields.Metadata))
        {
            writer.WritePropertyName(RequestWriter.Metadata);
            if (value.Metadata is { } metadata)
            {
                RequestWriter.WriteMap(writer, metadata);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        RequestWriter.WriteUnmodelled(writer, value.WireAdditionalProperties);
        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, UpdateCustomerRequest request, UpdateCustomerFields field, string name, string? text)
    {
        if (!request.IsAssigned(field))
        {
            return;
        }

        if (text is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, text);
        }
    }
}
