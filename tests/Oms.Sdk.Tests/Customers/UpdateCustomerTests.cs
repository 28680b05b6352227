using System.Net;
using System.Text.Json.Nodes;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.Logging;

namespace Oms.Sdk.Tests.Customers;

/// <summary>
/// <c>PATCH /customers/{id}</c> over real HTTP (WireMock): the JSON Merge Patch bodies the contract shows, the call
/// details, one Idempotency-Key per logical update on every attempt, the retry rules of a create, the typed errors, and
/// an empty update refused before anything leaves the process.
/// </summary>
public sealed class UpdateCustomerTests : IDisposable
{
    private const string Path = "/customers/cst_01H9Xa8F5dN6mP3q";
    private const string CustomerId = "cst_01H9Xa8F5dN6mP3q";

    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    private void GivenUpdate(params WireMock.ResponseBuilders.IResponseBuilder[] answers) => _oms.GivenSequence("PATCH", Path, answers);

    private static WireMock.ResponseBuilders.IResponseBuilder Updated() => OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer(CustomerId));

    private List<ILogEntry> Attempts() => [.. _oms.Requests(Path)];

    private static void AssertBody(string expectedJson, ILogEntry attempt) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(attempt.RequestMessage!.Body!)),
            $"Expected {expectedJson} but sent {attempt.RequestMessage!.Body}");

    /// <summary>The three examples of <c>updateCustomer</c> in the OMS OpenAPI contract (tests/Oms.Sdk.Benchmarks/Contenders/Generated/oms-openapi.yaml), and the request that says each.</summary>
    public static TheoryData<string> ContractExamples => new() { "completeIdentity", "clearAndMerge", "reevaluate" };

    private static (UpdateCustomerRequest Request, string Body) Example(string name) => name switch
    {
        "completeIdentity" => (
            new UpdateCustomerRequest
            {
                BirthDate = new DateOnly(1990, 5, 15),
                IpAddress = "203.0.113.42",
                SignedAgreement = true,
                ResidentialAddress = new ResidentialAddress { Line1 = "123 Main St", City = "New York", State = "NY", Country = "US", ZipCode = "10001" },
                IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, IssuingCountry = "US", Number = "123456789" }],
            },
            """
            {"birthDate":"1990-05-15","ipAddress":"203.0.113.42","signedAgreement":true,
             "residentialAddress":{"line1":"123 Main St","city":"New York","state":"NY","country":"US","zipCode":"10001"},
             "identifyingInformation":[{"type":"ssn","issuingCountry":"US","number":"123456789"}]}
            """),
        "clearAndMerge" => (
            new UpdateCustomerRequest { MiddleName = null, Metadata = new Dictionary<string, string?> { ["plan"] = null, ["tier"] = "gold" } },
            """{"middleName":null,"metadata":{"plan":null,"tier":"gold"}}"""),
        "reevaluate" => (new UpdateCustomerRequest { Endorsements = [Endorsement.Usd] }, """{"endorsements":["usd"]}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ContractExamples))]
    public async Task The_contract_examples_go_on_the_wire_as_json_merge_patch(string example)
    {
        var (request, body) = Example(example);
        GivenUpdate(Updated());
        using var client = _oms.Client();

        var customer = await client.Customers.UpdateAsync(CustomerId, request, cancellationToken: _ct);

        Assert.Equal(CustomerId, customer.Id);
        var attempt = Assert.Single(Attempts());
        Assert.Equal("PATCH", attempt.RequestMessage!.Method);
        AssertBody(body, attempt);
        Assert.StartsWith("application/json", OmsWireMock.Header(attempt, "Content-Type"), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(OmsWireMock.Header(attempt, "Idempotency-Key"), out _));
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(attempt, "Authorization"));
    }

    [Fact]
    public async Task The_issue_example_compiles_and_sends_the_identity_with_the_callers_key()
    {
        GivenUpdate(Updated());
        using var client = _oms.Client();
        var ct = _ct;

        Customer c = await client.Customers.UpdateAsync(
            CustomerId,
            new UpdateCustomerRequest
            {
                BirthDate = new DateOnly(1990, 5, 15),
                SignedAgreement = true,
                ResidentialAddress = new ResidentialAddress { Line1 = "1 Main St", Country = "US" },
            },
            idempotencyKey: null,
            cancellationToken: ct);
        var response = await client.Customers.UpdateWithResponseAsync(CustomerId, new UpdateCustomerRequest { Email = "jane.new@example.com" }, "upd-jane-001", ct);

        Assert.Equal(CustomerId, c.Id);
        Assert.Equal(CustomerId, response.Value.Id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("upd-jane-001", response.IdempotencyKey);
        Assert.Equal(1, response.Attempts);
        var attempts = Attempts();
        AssertBody("""{"birthDate":"1990-05-15","signedAgreement":true,"residentialAddress":{"line1":"1 Main St","country":"US"}}""", attempts[0]);
        AssertBody("""{"email":"jane.new@example.com"}""", attempts[1]);
        Assert.Equal("upd-jane-001", OmsWireMock.Header(attempts[1], "Idempotency-Key"));
    }

    [Fact]
    public async Task A_503_is_retried_with_the_same_key_and_body()
    {
        GivenUpdate(OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"), OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"), Updated());
        using var client = _oms.Client();

        var response = await client.Customers.UpdateWithResponseAsync(CustomerId, new UpdateCustomerRequest { LastName = "Smith-Jones" }, cancellationToken: _ct);

        var attempts = Attempts();
        Assert.Equal(3, attempts.Count);
        Assert.Equal(3, response.Attempts);
        var key = Assert.Single(attempts.Select(a => OmsWireMock.Header(a, "Idempotency-Key")).Distinct());
        Assert.Equal(response.IdempotencyKey, key);
        Assert.Single(attempts.Select(a => a.RequestMessage!.Body).Distinct());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_connection_dropped_before_the_answer_is_retried_with_the_same_key(bool reset)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.Json(HttpStatusCode.OK, WireSamples.Customer(CustomerId)));
        server.Then(_ => reset ? ScriptedHttpServer.Reply.ConnectionReset : ScriptedHttpServer.Reply.EmptyReply);
        using var client = new OmsClient(_oms.Options(o => o.BaseAddress = server.BaseAddress));

        var customer = await client.Customers.UpdateAsync(CustomerId, new UpdateCustomerRequest { Phone = "+12125550000" }, "upd-drop-1", _ct);

        Assert.Equal(CustomerId, customer.Id);
        var attempts = server.CustomerRequests.ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("PATCH", a.Method));
        Assert.All(attempts, a => Assert.Equal("upd-drop-1", a.Header("Idempotency-Key")));
        Assert.All(attempts, a => Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"phone":"+12125550000"}"""), JsonNode.Parse(a.Body)), a.Body));
    }

    [Theory]
    [InlineData(HttpStatus.UnprocessableEntity, typeof(OmsValidationException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(OmsValidationException))]
    [InlineData(HttpStatusCode.NotFound, typeof(OmsNotFoundException))]
    [InlineData(HttpStatusCode.Conflict, typeof(OmsConflictException))]
    public async Task Client_errors_are_not_retried_and_map_to_the_create_exceptions(HttpStatusCode status, Type expected)
    {
        GivenUpdate(OmsWireMock.Json(status, """{"error":{"code":"invalid_phone","message":"phone must be E.164"}}"""), Updated());
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAnyAsync<OmsApiException>(() => client.Customers.UpdateAsync(CustomerId, new UpdateCustomerRequest { Phone = "555" }, "upd-422", _ct));

        Assert.IsType(expected, ex);
        Assert.Single(Attempts());
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("customers.update", ex.Operation);
        Assert.Equal("upd-422", ex.IdempotencyKey);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal("invalid_phone", ex.ErrorCode);
    }

    public static TheoryData<UpdateCustomerRequest> EmptyUpdates => new()
    {
        new UpdateCustomerRequest(),
        new UpdateCustomerRequest { SignedAgreement = null, Endorsements = null },
    };

    [Theory]
    [MemberData(nameof(EmptyUpdates))]
    public async Task An_update_that_assigns_nothing_is_refused_before_anything_is_sent(UpdateCustomerRequest empty)
    {
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync(CustomerId, empty, cancellationToken: _ct));

        Assert.Equal("request", ex.ParamName);
        Assert.Contains("changes nothing", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_oms.Server.LogEntries); // not even the token exchange
    }

    [Fact]
    public async Task Bad_arguments_are_refused_locally_with_a_specific_error()
    {
        using var client = _oms.Client();
        var change = new UpdateCustomerRequest { Email = "x@example.com" };

        await Assert.ThrowsAsync<ArgumentNullException>(() => client.Customers.UpdateAsync(CustomerId, null!, cancellationToken: _ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Customers.UpdateAsync(" ", change, cancellationToken: _ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Customers.UpdateAsync("..", change, cancellationToken: _ct));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync(CustomerId, new UpdateCustomerRequest { Endorsements = [Endorsement.Unknown] }, cancellationToken: _ct));
        Assert.Contains("UpdateCustomerRequest.Endorsements", unknown.Message, StringComparison.Ordinal);
        var document = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync(CustomerId, new UpdateCustomerRequest { IdentifyingInformation = [new IdentifyingDocument { Number = "1" }] }, cancellationToken: _ct));
        Assert.Contains("UpdateCustomerRequest.IdentifyingInformation", document.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.UpdateAsync(CustomerId, change, "has space", _ct));
        Assert.Empty(_oms.Server.LogEntries);
    }

    [Fact]
    public async Task The_customer_id_is_one_escaped_path_segment()
    {
        var handler = CapturingHandler.WithToken(_ => CapturingHandler.Json(HttpStatusCode.OK, WireSamples.Customer("a/b")));
        using var client = new OmsClient(_oms.Options(), handler);

        await client.Customers.UpdateAsync("../a/b", new UpdateCustomerRequest { ExternalId = null }, cancellationToken: _ct);

        Assert.Equal("/v0.9/customers/..%2Fa%2Fb", handler.Uris.Last().AbsolutePath);
    }
}
