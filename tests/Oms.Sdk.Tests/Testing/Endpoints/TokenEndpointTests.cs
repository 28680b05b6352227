using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing.Endpoints;

/// <summary>POST /auth/token and the bearer check of the other endpoints.</summary>
public sealed class TokenEndpointTests
{
    [Fact]
    public async Task A_wrong_secret_is_refused_and_nothing_is_created()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.ApiSecret = "not-the-secret");

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct));

        Assert.Equal(1, oms.RequestCount(HttpMethod.Post, TokenPath));
        Assert.Equal(0, oms.RequestCount(HttpMethod.Post, CustomersPath));
        Assert.Empty(oms.Customers);
        AssertSdkRaised<OmsAuthenticationException>(thrown);
    }

    [Fact]
    public async Task The_token_endpoint_answers_as_the_contract_says()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = new HttpClient { BaseAddress = new Uri(oms.BaseAddress + "/") };

        using var malformed = await http.PostAsync("auth/token", Json("{\"apiKey\":"), Ct);
        using var wrong = await http.PostAsync("auth/token", Json($$"""{"apiKey":"{{oms.ApiKey}}","apiSecret":"wrong"}"""), Ct);
        using var right = await http.PostAsync("auth/token", Json($$"""{"apiKey":"{{oms.ApiKey}}","apiSecret":"{{oms.ApiSecret}}"}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("unauthorized", (await ReadJsonAsync(wrong)).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var token = await ReadJsonAsync(right);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        Assert.Equal("bearer", token.GetProperty("tokenType").GetString());
        Assert.Equal(3600, token.GetProperty("expiresIn").GetInt32());
        Assert.True(token.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(59));
    }

    [Fact]
    public async Task Customer_endpoints_refuse_a_missing_or_unknown_bearer_token()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = new HttpClient { BaseAddress = new Uri(oms.BaseAddress + "/") };

        using var missing = await http.GetAsync("customers", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "made-up");
        using var unknown = await http.GetAsync("customers", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("unauthorized", (await ReadJsonAsync(unknown)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_token_the_server_has_expired_gets_401_and_the_sdk_refreshes_and_replays()
    {
        var serverTime = new FakeTimeProvider();
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = serverTime });
        using var client = Client(oms); // on the system clock, so it still trusts its cached token
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        serverTime.Advance(TimeSpan.FromMinutes(61));
        var fetched = await client.Customers.GetAsync(created.Id, Ct);

        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(2, oms.RequestCount(HttpMethod.Post, TokenPath));
        Assert.Equal(2, oms.RequestCount(HttpMethod.Get, CustomersPath + "/" + created.Id)); // refused once, replayed once
    }

    [Fact]
    public async Task A_client_on_the_same_fake_clock_refreshes_before_expiry_without_a_401()
    {
        var time = new FakeTimeProvider();
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var client = Client(oms, o => o.TimeProvider = time);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        time.Advance(TimeSpan.FromMinutes(60));
        await client.Customers.GetAsync(created.Id, Ct);

        Assert.Equal(2, oms.RequestCount(HttpMethod.Post, TokenPath));
        Assert.Equal(1, oms.RequestCount(HttpMethod.Get, CustomersPath + "/" + created.Id));
    }
}
