using System.Text.Json;
using System.Text.Json.Nodes;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>
/// Every field of an update in its three states: not assigned (not sent), assigned null (sent as null: cleared),
/// assigned a value (sent). Written by the same source-generated context the SDK sends with.
/// </summary>
public sealed class UpdateCustomerRequestWireTests
{
    private static JsonNode? Wire(UpdateCustomerRequest request) =>
        JsonNode.Parse(JsonSerializer.Serialize(request, OmsJsonContext.Default.UpdateCustomerRequest));

    private static void AssertWire(string expected, UpdateCustomerRequest request)
    {
        var actual = Wire(request);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected} but wrote {actual?.ToJsonString()}");
    }

    /// <summary>Field name on the wire, the request that clears it, the request that sets it, and the value it sends.</summary>
    public static TheoryData<string, UpdateCustomerRequest, UpdateCustomerRequest, string> ClearableFields => new()
    {
        { "firstName", new() { FirstName = null }, new() { FirstName = "Jane" }, "\"Jane\"" },
        { "middleName", new() { MiddleName = null }, new() { MiddleName = "Marie" }, "\"Marie\"" },
        { "lastName", new() { LastName = null }, new() { LastName = "Smith" }, "\"Smith\"" },
        { "email", new() { Email = null }, new() { Email = "jane@example.com" }, "\"jane@example.com\"" },
        { "phone", new() { Phone = null }, new() { Phone = "+12125551234" }, "\"+12125551234\"" },
        { "birthDate", new() { BirthDate = null }, new() { BirthDate = new DateOnly(1990, 5, 15) }, "\"1990-05-15\"" },
        { "nationality", new() { Nationality = null }, new() { Nationality = "US" }, "\"US\"" },
        { "ipAddress", new() { IpAddress = null }, new() { IpAddress = "203.0.113.42" }, "\"203.0.113.42\"" },
        { "externalId", new() { ExternalId = null }, new() { ExternalId = "usr_1" }, "\"usr_1\"" },
        { "residentialAddress", new() { ResidentialAddress = null }, new() { ResidentialAddress = new ResidentialAddress { Line1 = "1 Main St", Country = "US" } }, """{"line1":"1 Main St","country":"US"}""" },
        { "identifyingInformation", new() { IdentifyingInformation = null }, new() { IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Passport, IssuingCountry = "GB", Number = "P1" }] }, """[{"type":"passport","issuingCountry":"GB","number":"P1"}]""" },
        { "metadata", new() { Metadata = null }, new() { Metadata = new Dictionary<string, string?> { ["tier"] = "gold", ["plan"] = null } }, """{"tier":"gold","plan":null}""" },
    };

    [Theory]
    [MemberData(nameof(ClearableFields))]
    public void Each_clearable_field_is_absent_cleared_or_set(string field, UpdateCustomerRequest clear, UpdateCustomerRequest set, string value)
    {
        AssertWire($$"""{"{{field}}":null}""", clear);
        AssertWire($$"""{"{{field}}":{{value}}}""", set);
        // Absent: another field's update does not mention it.
        Assert.False(Wire(new UpdateCustomerRequest { SignedAgreement = false })!.AsObject().ContainsKey(field));
    }

    [Fact]
    public void Signed_agreement_and_endorsements_are_sent_only_when_given()
    {
        AssertWire("""{"signedAgreement":true}""", new UpdateCustomerRequest { SignedAgreement = true, Endorsements = null });
        AssertWire("""{"signedAgreement":false}""", new UpdateCustomerRequest { SignedAgreement = false });
        AssertWire("""{"endorsements":["basic","cryptoCustody","usd"]}""", new UpdateCustomerRequest { Endorsements = [Endorsement.Basic, Endorsement.CryptoCustody, Endorsement.Usd] });
        AssertWire("""{"email":"x@example.com"}""", new UpdateCustomerRequest { Email = "x@example.com", SignedAgreement = null });
    }

    [Fact]
    public void An_empty_document_list_replaces_the_documents_with_none()
    {
        AssertWire("""{"identifyingInformation":[]}""", new UpdateCustomerRequest { IdentifyingInformation = [] });
    }

    [Fact]
    public void With_expressions_keep_what_was_assigned_and_add_to_it()
    {
        var first = new UpdateCustomerRequest { Email = "x@example.com" };
        var second = first with { MiddleName = null };

        AssertWire("""{"email":"x@example.com"}""", first);
        AssertWire("""{"email":"x@example.com","middleName":null}""", second);
        Assert.NotEqual(first, second);
        Assert.Equal(second, first with { MiddleName = null });
        Assert.NotEqual(new UpdateCustomerRequest(), new UpdateCustomerRequest { MiddleName = null }); // cleared is not unchanged
    }

    [Fact]
    public void Escaped_text_and_unicode_round_trip()
    {
        var sent = Wire(new UpdateCustomerRequest { FirstName = "Zoë \"Z\" <b>", Metadata = new Dictionary<string, string?> { ["k\"ey"] = "v\u2028" } })!;

        Assert.Equal("Zoë \"Z\" <b>", sent["firstName"]!.GetValue<string>());
        Assert.Equal("v\u2028", sent["metadata"]!["k\"ey"]!.GetValue<string>());
    }

    [Fact]
    public void To_string_shows_what_changes_and_never_the_write_only_pii()
    {
        var request = new UpdateCustomerRequest
        {
            FirstName = "Jane",
            MiddleName = null,
            BirthDate = new DateOnly(1987, 6, 5),
            IpAddress = "198.51.100.77",
            ResidentialAddress = new ResidentialAddress { Line1 = "742 Evergreen Terrace", City = "Springfield", ZipCode = "49007" },
            IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, Number = "078051120" }],
            SignedAgreement = true,
            Endorsements = [Endorsement.Usd],
            Metadata = new Dictionary<string, string?> { ["plan"] = null },
        };

        var text = request.ToString();

        Assert.Equal(
            "UpdateCustomerRequest { FirstName = Jane, MiddleName = (cleared), BirthDate = [redacted], IpAddress = [redacted], SignedAgreement = True, ResidentialAddress = [redacted], IdentifyingInformation = [redacted], Endorsements = Usd, Metadata = [1 changes] }",
            text);
        foreach (var pii in new[] { "1987", "198.51.100.77", "Evergreen", "Springfield", "49007", "078051120" })
        {
            Assert.DoesNotContain(pii, text, StringComparison.Ordinal);
        }

        Assert.Equal("UpdateCustomerRequest { }", new UpdateCustomerRequest().ToString());
    }
}
