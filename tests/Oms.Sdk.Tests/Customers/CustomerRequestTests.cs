using System.Net;
using System.Text.Json;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>What goes on the wire for each endpoint: method, path, query, headers and body.</summary>
public sealed class CustomerRequestTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    [Fact]
    public async Task Create_sends_every_documented_field_with_wire_spellings_and_an_idempotency_key()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        // The contract's full example, with the document type whose wire spelling is camel case.
        var request = WireSamples.FullRequest() with
        {
            IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.DriversLicense, IssuingCountry = "US", Number = "123456789" }],
        };
        var created = await client.Customers.CreateWithResponseAsync(request, idempotencyKey: null, _ct);

        var entry = Assert.Single(_oms.Requests("/customers"));
        Assert.Equal("POST", entry.RequestMessage!.Method);
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(entry, "Authorization"));
        Assert.StartsWith("application/json", OmsWireMock.Header(entry, "Content-Type"), StringComparison.Ordinal);
        var key = OmsWireMock.Header(entry, "Idempotency-Key");
        Assert.True(Guid.TryParse(key, out _), $"generated key '{key}' is not a UUID");
        Assert.Equal(key, created.IdempotencyKey);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var expected = JsonDocument.Parse("""
            {
              "type": "individual", "firstName": "Jane", "middleName": "Marie", "lastName": "Smith",
              "email": "jane@example.com", "phone": "+12125551234", "birthDate": "1990-05-15", "nationality": "US",
              "ipAddress": "203.0.113.42", "externalId": "usr_12345", "signedAgreement": true,
              "residentialAddress": {"line1": "123 Main St", "line2": "Apt 4B", "city": "New York", "state": "NY", "country": "US", "zipCode": "10001"},
              "identifyingInformation": [{"type": "driversLicense", "issuingCountry": "US", "number": "123456789"}],
              "endorsements": ["basic", "cryptoCustody", "usd"],
              "metadata": {"plan": "pro"}
            }
            """).RootElement;
        Assert.True(JsonElement.DeepEquals(expected, OmsWireMock.BodyOf(entry)), OmsWireMock.BodyOf(entry).GetRawText());
    }

    [Fact]
    public async Task Minimal_create_sends_only_the_type_and_uses_the_given_key()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest(), "order-42-attempt-1", _ct);

        Assert.Equal("cst_1", customer.Id);
        var entry = Assert.Single(_oms.Requests("/customers"));
        Assert.Equal("order-42-attempt-1", OmsWireMock.Header(entry, "Idempotency-Key"));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse("""{"type":"individual"}""").RootElement, OmsWireMock.BodyOf(entry)));
    }

    [Fact]
    public async Task Each_create_call_gets_its_own_generated_key()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: _ct);
        await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: _ct);

        var keys = _oms.Requests("/customers").Select(e => OmsWireMock.Header(e, "Idempotency-Key")).ToList();
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Fact]
    public async Task Get_sends_bearer_token_to_the_id_path_under_the_version()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_01H9Xa8F5dN6mP3q").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.FullCustomer));
        using var client = _oms.Client();

        var customer = await client.Customers.GetAsync("cst_01H9Xa8F5dN6mP3q", _ct);

        Assert.Equal("cst_01H9Xa8F5dN6mP3q", customer.Id);
        var entry = Assert.Single(_oms.Requests("/customers/cst_01H9Xa8F5dN6mP3q"));
        Assert.Equal("GET", entry.RequestMessage!.Method);
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(entry, "Authorization"));
        Assert.Null(OmsWireMock.Header(entry, "Idempotency-Key"));
        var token = Assert.Single(_oms.Requests("/auth/token"));
        Assert.Null(OmsWireMock.Header(token, "Authorization"));
        Assert.True(JsonElement.DeepEquals(
            JsonDocument.Parse($$"""{"apiKey":"{{OmsWireMock.ApiKey}}","apiSecret":"{{OmsWireMock.ApiSecret}}"}""").RootElement,
            OmsWireMock.BodyOf(token)));
    }

    [Fact]
    public async Task List_sends_every_filter_as_a_query_parameter()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Page(false, null, "cst_1")));
        using var client = _oms.Client();

        var page = await client.Customers.ListAsync(
            new ListCustomersOptions
            {
                Limit = 50,
                Cursor = "cur_abc",
                Status = CustomerStatus.Active,
                Email = "jane+1@example.com",
                ExternalId = "usr_12345",
                CreatedAfter = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
                CreatedBefore = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
            },
            _ct);

        Assert.Single(page.Items);
        var entry = Assert.Single(_oms.Requests("/customers"));
        var query = entry.RequestMessage!.Query!;
        Assert.Equal("50", query["limit"].Single());
        Assert.Equal("cur_abc", query["cursor"].Single());
        Assert.Equal("active", query["status"].Single());
        Assert.Equal("jane+1@example.com", query["email"].Single());
        Assert.Equal("usr_12345", query["externalId"].Single());
        Assert.Equal("2026-01-02T01:04:05Z", query["createdAfter"].Single());
        Assert.Equal("2026-02-01T00:00:00Z", query["createdBefore"].Single());
    }

    [Fact]
    public async Task List_without_options_sends_no_query()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Page(false, null)));
        using var client = _oms.Client();

        var page = await client.Customers.ListAsync(cancellationToken: _ct);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        var entry = Assert.Single(_oms.Requests("/customers"));
        Assert.Equal(_oms.BaseAddress + "/customers", entry.RequestMessage!.AbsoluteUrl);
    }
}
