using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>
/// A create's body is written by hand (<see cref="CreateCustomerRequestConverter"/>, for speed); this property pins
/// that it is byte for byte the body the serializer writes from the record's properties with the SDK's options, for
/// any mix of set and unset fields, text that needs escaping, nested address and documents, endorsements and metadata.
/// </summary>
public sealed class CreateCustomerRequestWriterTests
{
    private static readonly JsonSerializerOptions Reference = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new EndorsementConverter(), new CustomerTypeConverter(), new IdentifyingDocumentTypeConverter() },
    };

    private static readonly Gen<string?> Text = Gen.OneOf(
        Gen.Const((string?)null),
        Gen.String[0, 12].Select(s => (string?)s),
        Gen.Const((string?)"Zoë <b>&'\"\\ \u2028 😀"),
        Gen.Const<string?>(""));

    private static readonly Gen<ResidentialAddress?> Addresses = Gen.OneOf(
        Gen.Const((ResidentialAddress?)null),
        Gen.Select(Text, Text, Text, Text, Text, Text, (l1, l2, city, state, country, zip) =>
            (ResidentialAddress?)new ResidentialAddress { Line1 = l1, Line2 = l2, City = city, State = state, Country = country, ZipCode = zip }));

    private static readonly Gen<IdentifyingDocument> Documents = Gen.Select(
        Gen.OneOf(Gen.Const(IdentifyingDocumentType.Ssn), Gen.Const(IdentifyingDocumentType.Itin), Gen.Const(IdentifyingDocumentType.DriversLicense), Gen.Const(IdentifyingDocumentType.Passport)),
        Text,
        Text,
        (type, country, number) => new IdentifyingDocument { Type = type, IssuingCountry = country, Number = number });

    private static readonly Gen<CreateCustomerRequest> Requests = Gen.Select(
        Gen.Select(Text, Text, Text, Text, Text, Text, Text, (first, middle, last, email, phone, nationality, ip) => (first, middle, last, email, phone, nationality, ip)),
        Gen.Select(Text, Gen.OneOf(Gen.Const((bool?)null), Gen.Bool.Select(b => (bool?)b)), Gen.OneOf(Gen.Const((DateOnly?)null), Gen.Date.Select(d => (DateOnly?)DateOnly.FromDateTime(d))), Addresses, (external, signed, birth, address) => (external, signed, birth, address)),
        Documents.Array[0, 3].Select(d => (IReadOnlyList<IdentifyingDocument>)d).Null(),
        Gen.OneOf(Gen.Const(Endorsement.Basic), Gen.Const(Endorsement.CryptoCustody), Gen.Const(Endorsement.Usd)).Array[0, 3].Select(e => (IReadOnlyList<Endorsement>)e).Null(),
        Gen.Dictionary(Gen.String[0, 6], Gen.OneOf(Gen.String[0, 6], Gen.Const("é\"\n")))[0, 3].Select(m => (IReadOnlyDictionary<string, string>)m).Null(),
        (names, rest, documents, endorsements, metadata) => new CreateCustomerRequest
        {
            FirstName = names.first,
            MiddleName = names.middle,
            LastName = names.last,
            Email = names.email,
            Phone = names.phone,
            Nationality = names.nationality,
            IpAddress = names.ip,
            ExternalId = rest.external,
            SignedAgreement = rest.signed,
            BirthDate = rest.birth,
            ResidentialAddress = rest.address,
            IdentifyingInformation = documents,
            Endorsements = endorsements,
            Metadata = metadata,
        });

    [Fact]
    public void Writes_any_create_as_the_serializer_writes_the_record()
    {
        Requests.Sample(request =>
        {
            var expected = JsonSerializer.Serialize(request, Reference);
            var actual = JsonSerializer.Serialize(request, OmsJsonContext.Default.CreateCustomerRequest);

            Assert.Equal(expected, actual);
        }, iter: 2000);
    }

    [Fact]
    public void The_minimal_create_is_the_type_alone()
    {
        Assert.Equal("""{"type":"individual"}""", JsonSerializer.Serialize(new CreateCustomerRequest(), OmsJsonContext.Default.CreateCustomerRequest));
    }
}
