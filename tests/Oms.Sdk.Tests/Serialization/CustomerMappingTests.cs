using System.Net;
using System.Text.Json;
using Oms.Sdk.Serialization;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Serialization;

/// <summary>How OMS answers map onto the models: the contract's example, both endorsement shapes, growth of the API.</summary>
public sealed class CustomerMappingTests
{
    private static Customer Read(string json) => JsonSerializer.Deserialize(json, CustomerReader.TypeInfo)!;

    [Fact]
    public async Task The_contract_example_maps_field_by_field_over_http()
    {
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_01H9Xa8F5dN6mP3q").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.FullCustomer));
        using var client = oms.Client();

        var c = await client.Customers.GetAsync("cst_01H9Xa8F5dN6mP3q", TestContext.Current.CancellationToken);

        Assert.Equal("cst_01H9Xa8F5dN6mP3q", c.Id);
        Assert.Equal("customer", c.Object);
        Assert.Equal(CustomerType.Individual, c.Type);
        Assert.Equal("Jane", c.FirstName);
        Assert.Null(c.MiddleName);
        Assert.Equal("Smith", c.LastName);
        Assert.Equal("jane@example.com", c.Email);
        Assert.Equal("+12125551234", c.Phone);
        Assert.Equal("US", c.Nationality);
        Assert.Equal("usr_12345", c.ExternalId);
        Assert.Equal(CustomerStatus.Active, c.Status);
        Assert.Equal("active", c.RawStatus);
        Assert.True(c.SignedAgreement);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 14, 15, 22, TimeSpan.Zero), c.SignedAgreementAt);
        var wallet = Assert.Single(c.Wallets);
        Assert.Equal("wlt_01H9Xb3K7nM2pQ4r", wallet.Id);
        Assert.Equal("custodial", wallet.Type);
        Assert.Equal("0x7B3a...", wallet.Address);
        Assert.Equal("polygon", wallet.Network);
        Assert.Equal("usdc", wallet.Asset);
        Assert.Equal(1234.56m, wallet.Balance);
        Assert.Equal(1234.56m, wallet.EstimatedValueUsd);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), wallet.CreatedAt);
        var endorsement = Assert.Single(c.Endorsements);
        Assert.Equal(Endorsement.Usd, endorsement.Name);
        Assert.Equal(EndorsementStatus.Approved, endorsement.Status);
        Assert.Empty(endorsement.RejectionReasons);
        Assert.Empty(endorsement.Requirements.Missing);
        Assert.True(c.HasEndorsement(Endorsement.Usd));
        Assert.False(c.HasEndorsement(Endorsement.CryptoCustody));
        Assert.Empty(c.Metadata);
        Assert.Equal(new DateTimeOffset(2023, 11, 7, 5, 31, 56, TimeSpan.Zero), c.CreatedAt);
        Assert.Equal(c.CreatedAt, c.UpdatedAt);
    }

    [Fact]
    public void Plain_string_endorsements_are_granted()
    {
        var c = Read("""{"id":"cst_1","endorsements":["basic","usd"]}""");

        Assert.Equal([Endorsement.Basic, Endorsement.Usd], c.Endorsements.Select(e => e.Name));
        Assert.All(c.Endorsements, e => Assert.Equal(EndorsementStatus.Approved, e.Status));
        Assert.True(c.HasEndorsement(Endorsement.Basic));
        Assert.False(c.HasEndorsement(Endorsement.CryptoCustody));
    }

    [Fact]
    public void Object_endorsements_keep_status_reasons_and_requirements()
    {
        var c = Read("""
            {"id":"cst_1","endorsements":[
              {"name":"cryptoCustody","status":"pending","requirements":{"complete":["email"],"pending":["kyc"],"missing":[{"field":"ssn"}],"issues":[]}},
              {"name":"usd","status":"rejected","rejectionReasons":["sanctions_match"]},
              "basic"
            ]}
            """);

        Assert.Equal(3, c.Endorsements.Count);
        var crypto = c.Endorsements[0];
        Assert.Equal(Endorsement.CryptoCustody, crypto.Name);
        Assert.Equal(EndorsementStatus.Pending, crypto.Status);
        Assert.Equal(["email"], crypto.Requirements.Complete);
        Assert.Equal(["kyc"], crypto.Requirements.Pending);
        Assert.Equal("""{"field":"ssn"}""", Assert.Single(crypto.Requirements.Missing));
        Assert.Equal(EndorsementStatus.Rejected, c.Endorsements[1].Status);
        Assert.Equal(["sanctions_match"], c.Endorsements[1].RejectionReasons);
        Assert.False(c.HasEndorsement(Endorsement.CryptoCustody));
        Assert.False(c.HasEndorsement(Endorsement.Usd));
        Assert.True(c.HasEndorsement(Endorsement.Basic));
    }

    [Fact]
    public void Unknown_fields_and_enum_values_never_fail_and_keep_the_raw_value()
    {
        var c = Read("""
            {"id":"cst_1","type":"business","status":"suspended","brandNewField":{"x":[1,2]},
             "endorsements":[{"name":"eur","status":"underReview","newThing":true},"gbp"],
             "wallets":[{"id":"w","type":"smart","network":"base","asset":"eurc","balance":"0.000000000000000001","extra":1}]}
            """);

        Assert.Equal(CustomerType.Unknown, c.Type);
        Assert.Equal("business", c.RawType);
        Assert.Equal(CustomerStatus.Unknown, c.Status);
        Assert.Equal("suspended", c.RawStatus);
        Assert.Equal(Endorsement.Unknown, c.Endorsements[0].Name);
        Assert.Equal("eur", c.Endorsements[0].RawName);
        Assert.Equal(EndorsementStatus.Unknown, c.Endorsements[0].Status);
        Assert.Equal("underReview", c.Endorsements[0].RawStatus);
        Assert.Equal("gbp", c.Endorsements[1].RawName);
        Assert.Equal(0.000000000000000001m, c.Wallets[0].Balance);
    }

    [Fact]
    public void Decimal_strings_are_exact_both_ways()
    {
        var c = Read("""{"id":"cst_1","wallets":[{"id":"w","balance":"79228162514264337593543950335","estimatedValueUsd":"0.1"}]}""");

        Assert.Equal(decimal.MaxValue, c.Wallets[0].Balance);
        Assert.Equal(0.1m, c.Wallets[0].EstimatedValueUsd);
        var json = WireForm.Json(c);
        Assert.Contains("\"balance\":\"79228162514264337593543950335\"", json, StringComparison.Ordinal);
        Assert.Contains("\"estimatedValueUsd\":\"0.1\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_null_collections_read_as_empty()
    {
        var c = Read("""{"id":"cst_1","wallets":null,"endorsements":null,"metadata":null}""");

        Assert.Empty(c.Wallets);
        Assert.Empty(c.Endorsements);
        Assert.Empty(c.Metadata);
        Assert.Empty(Read("""{"id":"cst_2"}""").Wallets);
    }

    [Fact]
    public void Null_entries_in_lists_are_skipped_and_metadata_cannot_be_changed_through_a_cast()
    {
        var c = Read("""{"id":"cst_1","wallets":[null,{"id":"w1"},null],"metadata":{"plan":"pro"}}""");
        var page = JsonSerializer.Deserialize("""{"data":[null,{"id":"cst_2"}],"hasMore":false}""", OmsJsonContext.Default.CustomerPageWire)!.ToPage();

        Assert.Equal("w1", Assert.Single(c.Wallets).Id);
        Assert.Equal("cst_2", Assert.Single(page.Items).Id);
        Assert.False(c.Metadata is IDictionary<string, string> { IsReadOnly: false }, "metadata is mutable through IDictionary");
        Assert.False(c.Wallets is IList<Wallet> { IsReadOnly: false }, "wallets are mutable through IList");
        Assert.False(page.Items is IList<Customer> { IsReadOnly: false }, "page items are mutable through IList");
    }

    [Fact]
    public void Metadata_is_a_string_map()
    {
        var c = Read("""{"id":"cst_1","metadata":{"plan":"pro","tier":"2"}}""");

        Assert.Equal("pro", c.Metadata["plan"]);
        Assert.Equal("2", c.Metadata["tier"]);
    }

    [Theory]
    [InlineData("""{"data":[],"hasMore":true,"cursor":"c1"}""", "c1")]
    [InlineData("""{"data":[],"hasMore":true,"nextCursor":"c2"}""", "c2")]
    [InlineData("""{"data":[],"hasMore":true,"cursor":"c1","nextCursor":"c2"}""", "c1")]
    [InlineData("""{"data":[],"hasMore":false,"cursor":"c1"}""", null)]
    [InlineData("""{"data":[],"hasMore":true}""", null)]
    [InlineData("""{"data":[],"hasMore":true,"cursor":""}""", null)]
    public void Page_cursor_reads_cursor_then_nextCursor(string json, string? expected)
    {
        var page = JsonSerializer.Deserialize(json, OmsJsonContext.Default.CustomerPageWire)!.ToPage();

        Assert.Equal(expected, page.NextCursor);
    }

    [Fact]
    public void Response_models_expose_only_read_only_collections()
    {
        Type[] responseModels = [typeof(Customer), typeof(CustomerEndorsement), typeof(EndorsementRequirements), typeof(Wallet), typeof(CustomerPage)];
        foreach (var property in responseModels.SelectMany(t => t.GetProperties()))
        {
            var type = property.PropertyType;
            if (type == typeof(string) || !typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            {
                continue;
            }

            Assert.True(
                type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) || type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)),
                $"{property.DeclaringType!.Name}.{property.Name} is {type.Name}, not a read-only collection interface");
            Assert.Null(property.SetMethod is { } setter && !Array.Exists(setter.ReturnParameter.GetRequiredCustomModifiers(), m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit") ? setter : null);
        }
    }

    [Fact]
    public void Request_to_string_never_prints_write_only_pii()
    {
        var request = new CreateCustomerRequest
        {
            FirstName = "Jane",
            BirthDate = new DateOnly(1990, 5, 15),
            IpAddress = "203.0.113.42",
            ResidentialAddress = new ResidentialAddress { Line1 = "123 Main St", ZipCode = "10001" },
            IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, Number = "123456789" }],
        };

        var text = request.ToString();

        Assert.Contains("Jane", text, StringComparison.Ordinal);
        foreach (var pii in new[] { "1990", "203.0.113.42", "123 Main St", "10001", "123456789" })
        {
            Assert.DoesNotContain(pii, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("123456789", request.IdentifyingInformation[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Main", request.ResidentialAddress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_own_serializer_writes_the_public_records_in_the_wire_shape()
    {
        // The SDK reads through internal wire types; the public records keep JSON attributes so that a user who
        // caches customers with a reflection-based serializer gets the same shape back, and can read it again.
        var customer = Read(WireSamples.FullCustomer);
        var reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };

        var users = JsonSerializer.SerializeToNode(customer, reflection);
        var wire = WireForm.Node(customer);
        var again = JsonSerializer.Deserialize<Customer>(users!.ToJsonString(), reflection)!;

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(wire, users), $"user: {users.ToJsonString()}\nwire: {wire.ToJsonString()}");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(wire, WireForm.Node(again)));
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("active")]
    [InlineData("ACTIVE")]
    [InlineData("Approved")]
    [InlineData("aCtIvE")]
    public void Approved_and_active_in_any_case_mean_granted_and_keep_the_raw_status(string status)
    {
        var c = Read($$"""{"id":"cst_1","endorsements":[{"name":"usd","status":"{{status}}"}]}""");

        var endorsement = Assert.Single(c.Endorsements);
        Assert.Equal(EndorsementStatus.Approved, endorsement.Status);
        Assert.Equal(status, endorsement.RawStatus);
        Assert.True(c.HasEndorsement(Endorsement.Usd));
    }

    [Theory]
    [InlineData("USD", Endorsement.Usd)]
    [InlineData("CryptoCustody", Endorsement.CryptoCustody)]
    [InlineData("cryptocustody", Endorsement.CryptoCustody)]
    [InlineData("BASIC", Endorsement.Basic)]
    public void Endorsement_names_in_any_case_are_known_and_keep_the_raw_name(string name, Endorsement expected)
    {
        var c = Read($$"""{"id":"cst_1","endorsements":[{"name":"{{name}}","status":"PENDING"}, "{{name}}"]}""");

        Assert.All(c.Endorsements, e => Assert.Equal(expected, e.Name));
        Assert.All(c.Endorsements, e => Assert.Equal(name, e.RawName));
        Assert.Equal(EndorsementStatus.Pending, c.Endorsements[0].Status);
        Assert.Equal("PENDING", c.Endorsements[0].RawStatus);
        Assert.True(c.HasEndorsement(expected));
    }

    [Theory]
    [InlineData("inactive")]
    [InlineData("activated")]
    [InlineData("approvedish")]
    public void Statuses_that_only_resemble_granted_stay_unknown(string status)
    {
        var c = Read($$"""{"id":"cst_1","endorsements":[{"name":"usd","status":"{{status}}"}]}""");

        Assert.Equal(EndorsementStatus.Unknown, Assert.Single(c.Endorsements).Status);
        Assert.False(c.HasEndorsement(Endorsement.Usd));
    }
}
