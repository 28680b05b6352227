using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>Per-call options: this call's budget, retry count, key and extra headers, checked before anything is sent.</summary>
public sealed class RequestOptionsTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    [Fact]
    public async Task A_per_call_timeout_shorter_than_the_clients_ends_a_stalled_call_at_its_own_budget()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")).WithDelay(TimeSpan.FromMinutes(5)));
        var budget = TimeSpan.FromSeconds(2);
        _oms.Clock.TimerStarted += due =>
        {
            if (due == budget)
            {
                _oms.Clock.Advance(budget);
            }
        };
        using var client = _oms.Client(o =>
        {
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(100);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(50);
        });

        var error = await Assert.ThrowsAsync<OmsTimeoutException>(() => client.Customers.GetAsync("cst_1", new OmsRequestOptions { Timeout = budget }, _ct));

        Assert.Contains("OmsRequestOptions.Timeout (2 s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(budget, _oms.Clock.GetUtcNow() - new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task MaxRetries_zero_makes_one_attempt_where_the_client_would_retry()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(Response.Create().WithStatusCode(503));
        using var client = _oms.Client(o => o.Resilience.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<OmsApiException>(() => client.Customers.GetAsync("cst_1", new OmsRequestOptions { MaxRetries = 0 }, _ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public async Task MaxRetries_above_the_clients_retries_a_get_more()
    {
        _oms.GivenSequence("GET", "/customers/cst_1",
            Response.Create().WithStatusCode(503), Response.Create().WithStatusCode(503), OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        using var client = _oms.Client(o => o.Resilience.MaxRetries = 0);

        var response = await client.Customers.GetWithResponseAsync("cst_1", new OmsRequestOptions { MaxRetries = 2 }, _ct);

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, _oms.Requests("/customers/cst_1").Count());
    }

    [Fact]
    public async Task Extra_headers_arrive_at_the_server_on_every_attempt()
    {
        _oms.GivenSequence("POST", "/customers", Response.Create().WithStatusCode(503), OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();
        var options = new OmsRequestOptions { IdempotencyKey = "order-7" };
        options.Headers["X-Oms-Beta"] = "balances";

        await client.Customers.CreateAsync(new CreateCustomerRequest(), requestOptions: options, cancellationToken: _ct);

        var attempts = _oms.Requests("/customers").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("balances", OmsWireMock.Header(a, "X-Oms-Beta")));
        Assert.All(attempts, a => Assert.Equal("order-7", OmsWireMock.Header(a, "Idempotency-Key")));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("idempotency-key")]
    [InlineData("Content-Type")]
    [InlineData("Content-Length")]
    [InlineData("HOST")]
    public async Task A_header_the_sdk_owns_is_refused_naming_it(string name)
    {
        using var client = _oms.Client();
        var options = new OmsRequestOptions();
        options.Headers[name] = "x";

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.GetAsync("cst_1", options, _ct));

        Assert.Contains("the SDK owns that header", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    public static TheoryData<string, Action<OmsRequestOptions>, string?> BadOptions => new()
    {
        { "bad name", o => o.Headers["X Bad"] = "v", "not a valid HTTP header name" },
        { "line break", o => o.Headers["X-Note"] = "a\r\nInjected: 1", "not a valid HTTP header value" },
        { "negative retries", o => o.MaxRetries = -1, "MaxRetries must be 0" },
        { "zero timeout", o => o.Timeout = TimeSpan.Zero, "Timeout must be positive" },
        { "negative timeout", o => o.Timeout = TimeSpan.FromSeconds(-1), "Timeout must be positive" },
        { "bad key", o => o.IdempotencyKey = "has space", "printable ASCII" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Invalid_options_are_refused_before_anything_is_sent(string why, Action<OmsRequestOptions> spoil, string? expected)
    {
        using var client = _oms.Client();
        var options = new OmsRequestOptions();
        spoil(options);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), requestOptions: options, cancellationToken: _ct));

        Assert.True(error.Message.Contains(expected!, StringComparison.Ordinal), $"{why}: {error.Message}");
        Assert.Empty(_oms.Requests("/customers"));
    }

    [Fact]
    public async Task A_key_argument_that_differs_from_the_options_key_is_refused_and_an_equal_one_is_sent()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost()).RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            client.Customers.CreateAsync(new CreateCustomerRequest(), "key-a", new OmsRequestOptions { IdempotencyKey = "key-b" }, _ct));
        var created = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest(), "key-a", new OmsRequestOptions { IdempotencyKey = "key-a" }, _ct);

        Assert.Contains("name different keys", error.Message, StringComparison.Ordinal);
        Assert.Equal("key-a", created.IdempotencyKey);
        Assert.Equal("key-a", OmsWireMock.Header(Assert.Single(_oms.Requests("/customers")), "Idempotency-Key"));
    }

    [Fact]
    public async Task A_create_is_retried_only_with_its_key_even_with_MaxRetries_and_an_update_likewise()
    {
        _oms.GivenSequence("PATCH", "/customers/cst_1", Response.Create().WithStatusCode(503), OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        using var client = _oms.Client(o => o.Resilience.MaxRetries = 0);

        await client.Customers.UpdateAsync("cst_1", new UpdateCustomerRequest { Email = "a@example.com" }, requestOptions: new OmsRequestOptions { MaxRetries = 1 }, cancellationToken: _ct);

        var keys = _oms.Requests("/customers/cst_1").Select(a => OmsWireMock.Header(a, "Idempotency-Key")).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
    }

    [Fact]
    public async Task A_response_header_is_read_through_each_of_the_four_twins()
    {
        var customer = Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", "application/json")
            .WithHeader("X-RateLimit-Remaining", "41").WithHeader("X-Echo", "Bearer " + OmsWireMock.Token);
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(customer.WithBody(WireSamples.Customer("cst_1")));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingPatch()).RespondWith(customer.WithBody(WireSamples.Customer("cst_1")));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost()).RespondWith(customer.WithBody(WireSamples.Customer("cst_1")));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet()).RespondWith(customer.WithBody(WireSamples.Page(false, null, "cst_1")));
        using var client = _oms.Client();

        OmsResponseHeaders[] headers =
        [
            (await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: _ct)).Headers,
            (await client.Customers.ListWithResponseAsync(cancellationToken: _ct)).Headers,
            (await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest(), cancellationToken: _ct)).Headers,
            (await client.Customers.UpdateWithResponseAsync("cst_1", new UpdateCustomerRequest { Email = "a@example.com" }, cancellationToken: _ct)).Headers,
        ];

        Assert.All(headers, h =>
        {
            Assert.True(h.TryGetValue("x-ratelimit-remaining", out var remaining));
            Assert.Equal("41", remaining);
            Assert.True(h.TryGetValue("X-Echo", out var echo));
            Assert.DoesNotContain(OmsWireMock.Token, echo, StringComparison.Ordinal);
            Assert.True(h.TryGetValue("content-type", out var type));
            Assert.StartsWith("application/json", type, StringComparison.Ordinal);
            Assert.False(h.TryGetValue("X-Absent", out _));
        });
    }

    [Fact]
    public async Task A_repeated_response_header_reads_as_its_values_joined_and_the_secret_is_redacted()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(
            OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")).WithHeader("X-Multi", "a", "b").WithHeader("X-Leak", "key=" + OmsWireMock.ApiSecret));
        using var client = _oms.Client();

        var response = await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: _ct);

        Assert.True(response.Headers.TryGetValue("x-multi", out var multi));
        Assert.Equal("a, b", multi);
        Assert.True(response.Headers.TryGetValue("X-Leak", out var leak));
        Assert.DoesNotContain(OmsWireMock.ApiSecret, leak, StringComparison.Ordinal);
        Assert.DoesNotContain(OmsWireMock.ApiSecret, string.Concat(response.Headers.Select(h => h.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_options_object_serves_a_walk_of_every_page()
    {
        _oms.GivenSequence("GET", "/customers",
            OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Page(true, "c1", "cst_1")), OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Page(false, null, "cst_2")));
        using var client = _oms.Client();
        var options = new OmsRequestOptions();
        options.Headers["X-Trace"] = "walk";

        var ids = new List<string>();
        await foreach (var c in client.Customers.ListAllAsync(requestOptions: options, cancellationToken: _ct))
        {
            ids.Add(c.Id);
        }

        Assert.Equal(["cst_1", "cst_2"], ids);
        Assert.All(_oms.Requests("/customers"), a => Assert.Equal("walk", OmsWireMock.Header(a, "X-Trace")));
    }
}
