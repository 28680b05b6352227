using System.Net;
using System.Text;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Http;

/// <summary><c>IOmsClient.SendAsync</c>: a route the SDK does not model, through the same pipeline as the typed calls.</summary>
[Collection(Oms.Sdk.Tests.Diagnostics.TelemetryCollection.Name)]
public sealed class SendAsyncTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    [Fact]
    public async Task It_reaches_an_unmodelled_route_with_the_token_query_body_and_extra_headers()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1/balance").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, """{"balance":"12.50"}""").WithHeader("X-Request-Id", "req_9"));
        using var client = _oms.Client();
        var request = new OmsRequest(HttpMethod.Get, "customers/cst_1/balance") { RequestOptions = new OmsRequestOptions() };
        request.Query["asset"] = "usdc & more";
        request.RequestOptions.Headers["X-Oms-Beta"] = "balances";

        var response = await client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"balance":"12.50"}""", Encoding.UTF8.GetString(response.Content.Span));
        Assert.Equal("req_9", response.RequestId);
        Assert.Equal(1, response.Attempts);
        Assert.True(response.Headers.TryGetValue("x-request-id", out var id) && id == "req_9");
        var sent = Assert.Single(_oms.Requests("/customers/cst_1/balance"));
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(sent, "Authorization"));
        Assert.Equal("balances", OmsWireMock.Header(sent, "X-Oms-Beta"));
        Assert.Equal("usdc & more", sent.RequestMessage!.Query!["asset"].Single());
        Assert.Null(OmsWireMock.Header(sent, "Idempotency-Key"));
    }

    [Fact]
    public async Task A_keyed_post_is_retried_through_503s_with_one_key_and_its_body_as_json()
    {
        _oms.GivenSequence("POST", "/customers/cst_1/payouts",
            Response.Create().WithStatusCode(503), Response.Create().WithStatusCode(503), OmsWireMock.Json(HttpStatusCode.Created, """{"id":"po_1"}"""));
        using var client = _oms.Client();
        var request = new OmsRequest(HttpMethod.Post, "customers/cst_1/payouts")
        {
            Content = Encoding.UTF8.GetBytes("""{"amount":"5.00"}"""),
            RequestOptions = new OmsRequestOptions { IdempotencyKey = "payout-42" },
        };

        var response = await client.SendAsync(request, _ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal("payout-42", response.IdempotencyKey);
        var attempts = _oms.Requests("/customers/cst_1/payouts").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("payout-42", OmsWireMock.Header(a, "Idempotency-Key")));
        Assert.All(attempts, a => Assert.Equal("""{"amount":"5.00"}""", a.RequestMessage!.Body));
        Assert.All(attempts, a => Assert.StartsWith("application/json", OmsWireMock.Header(a, "Content-Type"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_change_without_a_key_is_not_retried_whatever_MaxRetries_says(string method)
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1/payouts").UsingMethod(method)).RespondWith(Response.Create().WithStatusCode(503));
        using var client = _oms.Client();
        var request = new OmsRequest(new HttpMethod(method), "customers/cst_1/payouts") { RequestOptions = new OmsRequestOptions { MaxRetries = 5 } };

        var error = await Assert.ThrowsAsync<OmsApiException>(() => client.SendAsync(request, _ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(_oms.Requests("/customers/cst_1/payouts"));
    }

    [Fact]
    public async Task A_404_is_the_typed_not_found_and_the_token_is_replayed_after_a_401()
    {
        _oms.GivenSequence("GET", "/customers/cst_1/balance", Response.Create().WithStatusCode(401), OmsWireMock.Json(HttpStatusCode.NotFound, """{"error":{"code":"not_found","message":"No balance."}}"""));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.SendAsync(new OmsRequest(HttpMethod.Get, "/customers/cst_1/balance"), _ct));

        Assert.Equal("not_found", error.ErrorCode);
        Assert.Equal("GET /customers/{id}/balance", error.Operation);
        Assert.Equal(2, _oms.TokenExchanges);
    }

    [Theory]
    [InlineData("https://evil.example/customers")]
    [InlineData("//evil.example/customers")]
    [InlineData("../auth/token")]
    [InlineData("customers/../../admin")]
    [InlineData("customers/%2e%2e/%2E%2E/admin")]
    [InlineData("customers/%2fadmin")]
    [InlineData("customers//x")]
    [InlineData("customers\\x")]
    [InlineData("customers?limit=1")]
    [InlineData("mailto:a@example.com")]
    [InlineData("")]
    [InlineData("customers/a b")]
    public void An_absolute_or_escaping_path_is_refused(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => new OmsRequest(HttpMethod.Get, path));

        Assert.Contains("is refused", error.Message, StringComparison.Ordinal);
        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_is_sent()
    {
        using var client = _oms.Client();
        var request = new OmsRequest(HttpMethod.Post, "customers/cst_1/payouts") { RequestOptions = new OmsRequestOptions() };
        request.RequestOptions.Headers["Authorization"] = "Bearer mine";

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(request, _ct));

        Assert.Empty(_oms.Requests("/customers/cst_1/payouts"));
    }

    [Fact]
    public async Task The_span_is_named_for_the_method_and_a_route_template_without_ids()
    {
        using var telemetry = new Oms.Sdk.Tests.Diagnostics.TelemetryCapture();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_01H9Xa8F5dN6mP3q/balance").UsingGet()).RespondWith(OmsWireMock.Json(HttpStatusCode.OK, "{}"));
        using var client = _oms.Client(o => o.LoggerFactory = telemetry.LoggerFactory);

        await client.SendAsync(new OmsRequest(HttpMethod.Get, "customers/cst_01H9Xa8F5dN6mP3q/balance"), _ct);

        var span = Assert.Single(telemetry.Spans, s => s.OperationName.StartsWith("oms GET", StringComparison.Ordinal));
        Assert.Equal("oms GET /customers/{id}/balance", span.OperationName);
        Assert.DoesNotContain("cst_01H9Xa8F5dN6mP3q", span.OperationName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_reaches_a_route_a_test_added_to_the_fake()
    {
        await using var fake = FakeOmsServer.Start();
        fake.MapRoute(HttpMethod.Get, "/customers/{id}/balance", request =>
            FakeOmsResponse.Json(HttpStatusCode.OK, $$"""{"path":"{{request.Path}}","beta":"{{request.Headers["X-Oms-Beta"]}}"}"""));
        using var client = FakeOmsClients.For(fake);
        var request = new OmsRequest(HttpMethod.Get, "customers/cst_7/balance") { RequestOptions = new OmsRequestOptions() };
        request.RequestOptions.Headers["X-Oms-Beta"] = "balances";

        var response = await client.SendAsync(request, _ct);
        var missing = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.SendAsync(new OmsRequest(HttpMethod.Get, "customers/cst_7/statements"), _ct));

        Assert.Equal("""{"path":"/customers/cst_7/balance","beta":"balances"}""", Encoding.UTF8.GetString(response.Content.Span));
        Assert.Equal(1, fake.RequestCount(HttpMethod.Get, "/customers/cst_7/balance"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
