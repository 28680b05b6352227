using System.Net;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing.Endpoints;

/// <summary>POST /customers: validation, storage, endorsements at creation and idempotency keys.</summary>
public sealed class CreateCustomerEndpointTests
{
    // ---- Create ----

    [Fact]
    public async Task Create_stores_and_returns_the_customer_without_write_only_pii()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 14, 15, 22, TimeSpan.Zero));
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var client = Client(oms);

        var created = await client.Customers.CreateAsync(FullRequest(), cancellationToken: Ct);
        using var http = await AuthorizedHttpAsync(oms);
        var raw = await http.GetStringAsync("customers/" + created.Id, Ct);

        Assert.Matches("^cst_[0-9A-Za-z]{16}$", created.Id);
        Assert.Equal(("customer", CustomerType.Individual, CustomerStatus.Active), (created.Object, created.Type, created.Status));
        Assert.Equal(("Jane", "Marie", "Smith", "jane@example.com", "+12125551234", "US", "usr_12345"),
            (created.FirstName, created.MiddleName, created.LastName, created.Email, created.Phone, created.Nationality, created.ExternalId));
        Assert.Equal(time.GetUtcNow(), created.CreatedAt);
        Assert.Equal(time.GetUtcNow(), created.SignedAgreementAt);
        Assert.Equal("pro", created.Metadata["plan"]);
        foreach (var secret in new[] { "birthDate", "1990-05-15", "residentialAddress", "123 Main St", "ipAddress", "203.0.113.42", "identifyingInformation", "123456789" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        AssertSameCustomer(created, Assert.Single(oms.Customers));
    }

    [Fact]
    public async Task Auto_approve_grants_what_was_requested_plus_basic_and_defaults_to_crypto_custody_and_usd()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);

        var byDefault = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
        var usdOnly = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);

        Assert.Equal([Endorsement.Basic, Endorsement.CryptoCustody, Endorsement.Usd], byDefault.Endorsements.Select(e => e.Name));
        Assert.All(byDefault.Endorsements, e => Assert.Equal(EndorsementStatus.Approved, e.Status));
        Assert.Equal([Endorsement.Basic, Endorsement.Usd], usdOnly.Endorsements.Select(e => e.Name));
        Assert.True(usdOnly.HasEndorsement(Endorsement.Usd));
    }

    [Theory]
    [InlineData("phone", "12125551234")]
    [InlineData("phone", "+0212555123")]
    [InlineData("phone", "+1234567890123456")]
    [InlineData("phone", "+1212555123\n")]
    [InlineData("nationality", "us")]
    [InlineData("nationality", "USA")]
    [InlineData("email", "jane.example.com")]
    public async Task Create_refuses_a_badly_formed_field_with_422(string field, string value)
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        var request = field switch
        {
            "phone" => new CreateCustomerRequest { Phone = value },
            "nationality" => new CreateCustomerRequest { Nationality = value },
            _ => new CreateCustomerRequest { Email = value },
        };

        var error = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.CreateAsync(request, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("validation_error", error.ErrorCode);
        Assert.Contains(field, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(field, Assert.Single(error.FieldErrors).Field);
        Assert.Empty(oms.Customers);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"business\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"birthDate\":\"1990-02-30\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"birthDate\":\"15/05/1990\"}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"endorsements\":[\"gold\"]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"nickname\":\"JJ\"}", HttpStatusCode.Created)] // a field outside the contract is kept (OMS adds fields)
    [InlineData("{\"type\":\"individual\",\"middleName\":null}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"metadata\":{\"tier\":1}}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"identifyingInformation\":[{\"type\":\"library-card\"}]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"residentialAddress\":{\"street\":\"x\"}}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\":\"individual\",\"birthDate\":\"1990-05-15\",\"endorsements\":[]}", HttpStatusCode.Created)]
    public async Task Create_checks_the_body_as_the_contract_does(string body, HttpStatusCode expected)
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);

        using var response = await http.SendAsync(CreateRequest(body, "key-1"), Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.Created)
        {
            var code = (await ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString();
            Assert.Equal(expected == HttpStatusCode.BadRequest ? "bad_request" : "validation_error", code);
        }

        Assert.Equal(expected == HttpStatusCode.Created ? 1 : 0, oms.Customers.Count);
    }

    [Fact]
    public async Task Create_without_an_idempotency_key_is_a_400()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = await AuthorizedHttpAsync(oms);

        using var response = await http.PostAsync("customers", Json("{\"type\":\"individual\"}"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(oms.Customers);
    }

    // ---- Idempotency ----

    [Fact]
    public async Task The_same_key_with_the_same_body_returns_the_same_customer_and_stores_one()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        var request = new CreateCustomerRequest { Email = "jane@example.com" };

        var first = await client.Customers.CreateWithResponseAsync(request, "signup-42", Ct);
        var second = await client.Customers.CreateWithResponseAsync(request, "signup-42", Ct);

        Assert.Equal(first.Value.Id, second.Value.Id);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Single(oms.Customers);
        Assert.Equal(["signup-42", "signup-42"], oms.Requests.Where(r => r.Path == CustomersPath).Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_conflict()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" }, "signup-42", Ct);

        var error = await Assert.ThrowsAsync<OmsConflictException>(
            () => client.Customers.CreateAsync(new CreateCustomerRequest { Email = "john@example.com" }, "signup-42", Ct));

        Assert.Equal("idempotency_conflict", error.ErrorCode);
        Assert.Equal("signup-42", error.IdempotencyKey);
        Assert.Equal("jane@example.com", Assert.Single(oms.Customers).Email);
    }
}
