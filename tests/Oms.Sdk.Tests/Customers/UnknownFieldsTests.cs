using System.Net;
using System.Text.Json;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>Fields OMS adds before the SDK models them are kept on answers and can be sent on creates and updates.</summary>
public sealed class UnknownFieldsTests : IDisposable
{
    private const string CustomerWithNewFields = """
        {
          "id": "cst_1", "object": "customer", "type": "individual", "status": "active",
          "riskLevel": "low", "limits": {"daily": "500.00"},
          "wallets": [{"id": "wlt_1", "type": "custodial", "balance": "1.00", "chain": {"id": 137}}],
          "endorsements": [{"name": "usd", "status": "approved", "reviewedBy": "ops", "requirements": {"complete": []}}],
          "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z"
        }
        """;

    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    [Fact]
    public async Task A_customer_keeps_every_top_level_wallet_and_endorsement_field_it_does_not_model()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(OmsWireMock.Json(HttpStatusCode.OK, CustomerWithNewFields));
        using var client = _oms.Client();

        var customer = await client.Customers.GetAsync("cst_1", _ct);

        Assert.Equal(["limits", "riskLevel"], customer.AdditionalProperties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("low", customer.AdditionalProperties["riskLevel"].GetString());
        Assert.Equal("500.00", customer.AdditionalProperties["limits"].GetProperty("daily").GetString());
        Assert.Equal(137, Assert.Single(customer.Wallets).AdditionalProperties["chain"].GetProperty("id").GetInt32());
        Assert.Equal("ops", Assert.Single(customer.Endorsements).AdditionalProperties["reviewedBy"].GetString());
        Assert.Equal(1.00m, customer.Wallets[0].Balance);
    }

    [Fact]
    public async Task A_customer_with_no_new_fields_has_empty_never_null_additional_properties()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_01H9Xa8F5dN6mP3q").UsingGet()).RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.FullCustomer));
        using var client = _oms.Client();

        var customer = await client.Customers.GetAsync("cst_01H9Xa8F5dN6mP3q", _ct);

        Assert.Empty(customer.AdditionalProperties);
        Assert.Empty(customer.Wallets[0].AdditionalProperties);
        Assert.Empty(customer.Endorsements[0].AdditionalProperties);
        Assert.Empty(new Customer { AdditionalProperties = null! }.AdditionalProperties);
    }

    [Fact]
    public async Task A_create_sends_its_additional_properties_as_top_level_fields()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost()).RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();
        var request = new CreateCustomerRequest { Email = "jane@example.com" };
        request.AdditionalProperties["riskLevel"] = JsonElement.Parse("\"low\"");
        request.AdditionalProperties["limits"] = JsonElement.Parse("""{"daily":"500.00"}""");

        await client.Customers.CreateAsync(request, cancellationToken: _ct);

        var body = OmsWireMock.BodyOf(Assert.Single(_oms.Requests("/customers")));
        Assert.True(JsonElement.DeepEquals(
            JsonElement.Parse("""{"type":"individual","email":"jane@example.com","riskLevel":"low","limits":{"daily":"500.00"}}"""), body), body.GetRawText());
    }

    [Fact]
    public async Task An_update_sends_its_additional_properties_and_an_update_of_only_those_is_not_empty()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingPatch()).RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();
        var request = new UpdateCustomerRequest();
        request.AdditionalProperties["riskLevel"] = JsonElement.Parse("null");

        await client.Customers.UpdateAsync("cst_1", request, cancellationToken: _ct);

        var body = OmsWireMock.BodyOf(Assert.Single(_oms.Requests("/customers/cst_1")));
        Assert.Equal("""{"riskLevel":null}""", body.GetRawText());
    }

    [Theory]
    [InlineData("email", "CreateCustomerRequest.Email")]
    [InlineData("Metadata", "CreateCustomerRequest.Metadata")]
    [InlineData("type", "CreateCustomerRequest.Type")]
    public async Task A_create_that_sends_a_modelled_field_as_additional_is_refused_naming_the_property(string name, string property)
    {
        using var client = _oms.Client();
        var request = new CreateCustomerRequest();
        request.AdditionalProperties[name] = JsonElement.Parse("\"x\"");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.CreateAsync(request, cancellationToken: _ct));

        Assert.Contains($"set {property} instead", error.Message, StringComparison.Ordinal);
        Assert.Empty(_oms.Requests("/customers"));
    }

    [Fact]
    public async Task An_update_that_sends_a_modelled_field_or_a_default_element_is_refused()
    {
        using var client = _oms.Client();
        var modelled = new UpdateCustomerRequest();
        modelled.AdditionalProperties["lastName"] = JsonElement.Parse("\"Doe\"");
        var empty = new UpdateCustomerRequest();
        empty.AdditionalProperties["riskLevel"] = default;

        var first = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync("cst_1", modelled, cancellationToken: _ct));
        var second = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync("cst_1", empty, cancellationToken: _ct));

        Assert.Contains("set UpdateCustomerRequest.LastName instead", first.Message, StringComparison.Ordinal);
        Assert.Contains("riskLevel", second.Message, StringComparison.Ordinal);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public void Requests_print_how_many_additional_properties_they_carry_but_not_their_values()
    {
        var create = new CreateCustomerRequest();
        create.AdditionalProperties["taxId"] = JsonElement.Parse("\"123-45-6789\"");
        var update = new UpdateCustomerRequest();
        update.AdditionalProperties["taxId"] = JsonElement.Parse("\"123-45-6789\"");

        Assert.Contains("AdditionalProperties = [1 entries]", create.ToString(), StringComparison.Ordinal);
        Assert.Contains("AdditionalProperties = [1 entries]", update.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("6789", create.ToString() + update.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_fields_round_trip_through_create_get_update_and_list_against_the_fake()
    {
        await using var fake = FakeOmsServer.Start();
        using var client = FakeOmsClients.For(fake);
        var create = new CreateCustomerRequest { Email = "jane@example.com" };
        create.AdditionalProperties["riskLevel"] = JsonElement.Parse("\"low\"");
        create.AdditionalProperties["limits"] = JsonElement.Parse("""{"daily":"500.00"}""");

        var created = await client.Customers.CreateAsync(create, cancellationToken: _ct);
        var fetched = await client.Customers.GetAsync(created.Id, _ct);
        var update = new UpdateCustomerRequest();
        update.AdditionalProperties["riskLevel"] = JsonElement.Parse("\"high\"");
        update.AdditionalProperties["limits"] = JsonElement.Parse("null");
        var updated = await client.Customers.UpdateAsync(created.Id, update, cancellationToken: _ct);
        var listed = Assert.Single((await client.Customers.ListAsync(cancellationToken: _ct)).Items);

        Assert.Equal("low", created.AdditionalProperties["riskLevel"].GetString());
        Assert.Equal("500.00", fetched.AdditionalProperties["limits"].GetProperty("daily").GetString());
        Assert.Equal("high", updated.AdditionalProperties["riskLevel"].GetString());
        Assert.False(updated.AdditionalProperties.ContainsKey("limits"));
        Assert.Equal("high", listed.AdditionalProperties["riskLevel"].GetString());
        Assert.Equal("jane@example.com", updated.Email);
    }
}
