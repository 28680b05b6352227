using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Auth;

/// <summary>The token rules (CONTRIBUTING.md's rulings): cached, refreshed ahead of expiry, single flight, refresh-and-replay once on 401.</summary>
public sealed class TokenTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    private void GivenCustomer() =>
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));

    private void GivenTokensInTurn(params string[] tokens)
    {
        _oms.Server.ResetMappings();
        for (var i = 0; i < tokens.Length; i++)
        {
            var given = _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost()).InScenario("tokens");
            given = i == 0 ? given : given.WhenStateIs($"issued-{i}");
            given.WillSetStateTo($"issued-{i + 1}")
                .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, $$"""{"accessToken":"{{tokens[i]}}","tokenType":"bearer","expiresIn":3600}"""));
        }
    }

    [Fact]
    public async Task Fifty_concurrent_calls_share_one_token_exchange()
    {
        _oms.Server.ResetMappings();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, """{"accessToken":"tok_shared","expiresIn":3600}""").WithDelay(TimeSpan.FromMilliseconds(300)));
        GivenCustomer();
        using var client = _oms.Client();

        var customers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.Customers.GetAsync("cst_1", _ct)));

        Assert.Equal(50, customers.Length);
        Assert.Equal(1, _oms.TokenExchanges);
        Assert.All(_oms.Requests("/customers/cst_1"), e => Assert.Equal("Bearer tok_shared", OmsWireMock.Header(e, "Authorization")));
    }

    [Fact]
    public async Task Token_is_cached_until_sixty_seconds_before_expiry_then_refreshed()
    {
        GivenCustomer();
        using var client = _oms.Client();

        await client.Customers.GetAsync("cst_1", _ct);
        _oms.Clock.Advance(TimeSpan.FromSeconds(3600 - 61));
        await client.Customers.GetAsync("cst_1", _ct);
        Assert.Equal(1, _oms.TokenExchanges);

        _oms.Clock.Advance(TimeSpan.FromSeconds(2));
        await client.Customers.GetAsync("cst_1", _ct);
        Assert.Equal(2, _oms.TokenExchanges);
    }

    [Fact]
    public async Task A_401_refreshes_the_token_and_replays_the_request_once()
    {
        GivenTokensInTurn("tok_old", "tok_new");
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer tok_old"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Unauthorized, """{"error":"token expired"}"""));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer tok_new"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        var customer = await client.Customers.GetAsync("cst_1", _ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(2, _oms.TokenExchanges);
        Assert.Equal(["Bearer tok_old", "Bearer tok_new"], _oms.Requests("/customers/cst_1").Select(e => OmsWireMock.Header(e, "Authorization")));
    }

    [Fact]
    public async Task A_replayed_create_keeps_its_idempotency_key_and_body()
    {
        GivenTokensInTurn("tok_old", "tok_new");
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost().WithHeader("Authorization", "Bearer tok_old"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Unauthorized, "{}"));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost().WithHeader("Authorization", "Bearer tok_new"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" }, cancellationToken: _ct);

        var attempts = _oms.Requests("/customers").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Single(attempts.Select(e => OmsWireMock.Header(e, "Idempotency-Key")).Distinct());
        Assert.Equal(attempts[0].RequestMessage!.Body, attempts[1].RequestMessage!.Body);
        Assert.Contains("jane@example.com", attempts[1].RequestMessage!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_401_is_an_authentication_error()
    {
        GivenTokensInTurn("tok_1", "tok_2", "tok_3");
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Unauthorized, """{"error":{"code":"unauthorized","message":"Token rejected"}}"""));
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsAuthenticationException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("unauthorized", ex.ErrorCode);
        Assert.Equal(2, _oms.Requests("/customers/cst_1").Count());
        Assert.Equal(2, _oms.TokenExchanges);
        Assert.DoesNotContain(OmsWireMock.ApiSecret, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_refused_key_is_an_authentication_error_that_names_the_settings_not_the_secret(HttpStatusCode status)
    {
        _oms.Server.ResetMappings();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .RespondWith(OmsWireMock.Json(status, """{"error":{"code":"invalid_credentials","message":"Unknown key."}}""").WithHeader("X-Request-Id", "req_auth"));
        GivenCustomer();
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<OmsAuthenticationException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("invalid_credentials", ex.ErrorCode);
        Assert.Equal("Unknown key.", ex.ErrorMessage);
        Assert.Equal("req_auth", ex.RequestId);
        Assert.Contains("Unknown key. Check ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Equal("customers.get", ex.Operation);
        Assert.Contains("ApiSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OmsWireMock.ApiSecret, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _oms.TokenExchanges);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public async Task A_transient_token_exchange_failure_is_retried()
    {
        _oms.Server.ResetMappings();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .InScenario("flaky").WillSetStateTo("up")
            .RespondWith(OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .InScenario("flaky").WhenStateIs("up")
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, """{"accessToken":"tok","expiresIn":3600}"""));
        GivenCustomer();
        using var client = _oms.Client();

        var customer = await client.Customers.GetAsync("cst_1", _ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(2, _oms.TokenExchanges);
    }

    [Fact]
    public async Task A_caller_token_provider_replaces_the_exchange_and_is_asked_to_refresh_after_a_401()
    {
        _oms.Server.ResetMappings();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer mine_1"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Unauthorized, "{}"));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer mine_2"))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        var provider = new CountingProvider();
        using var client = new OmsClient(new OmsClientOptions { BaseAddress = _oms.BaseAddress, TokenProvider = provider });

        var customer = await client.Customers.GetAsync("cst_1", _ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal([false, true], provider.Calls);
        Assert.Equal(0, _oms.TokenExchanges);
    }

    private sealed class CountingProvider : IOmsTokenProvider
    {
        public List<bool> Calls { get; } = [];

        public ValueTask<OmsAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                Calls.Add(forceRefresh);
                return ValueTask.FromResult(new OmsAccessToken($"mine_{Calls.Count}", DateTimeOffset.MaxValue));
            }
        }
    }
}
