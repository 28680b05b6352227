using System.Net;
using Oms.Sdk.Auth;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Auth;

/// <summary>
/// Tokens are reused sensibly whatever the exchange says: never refreshed younger than half their life (margin
/// min(60 s, life/2)), expiry measured from <c>expiresIn</c> on our own clock, a skewed or absurd <c>expiresAt</c>/
/// <c>expiresIn</c> clamped to 10 s..24 h, and a token that cannot be sent refused at the exchange. Counted on the fake clock.
/// </summary>
public sealed class TokenLifetimeTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public TokenLifetimeTests() => GivenCustomer();

    public void Dispose() => _oms.Dispose();

    private void GivenCustomer() =>
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));

    private void GivenTokenAnswer(string json)
    {
        _oms.Server.ResetMappings();
        GivenCustomer();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, json));
    }

    /// <summary>Makes <paramref name="calls"/> calls spread evenly over <paramref name="span"/> of fake time; returns the exchanges counted.</summary>
    private async Task<int> CallOverAsync(OmsClient client, int calls, TimeSpan span)
    {
        for (var i = 0; i < calls; i++)
        {
            await client.Customers.GetAsync("cst_1", _ct);
            _oms.Clock.Advance(span / calls);
        }

        return _oms.TokenExchanges;
    }

    [Fact]
    public async Task A_thirty_second_token_serves_every_call_of_its_first_fifteen_seconds()
    {
        GivenTokenAnswer("""{"accessToken":"tok_short","expiresIn":30}""");
        using var client = _oms.Client();

        Assert.Equal(1, await CallOverAsync(client, 20, TimeSpan.FromSeconds(14.9)));

        _oms.Clock.Advance(TimeSpan.FromSeconds(0.2)); // now past half its life: refreshed once
        Assert.Equal(2, await CallOverAsync(client, 5, TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("""{"accessToken":"tok_skewed","expiresAt":"2020-01-01T00:00:00Z"}""")]
    [InlineData("""{"accessToken":"tok_skewed","expiresIn":0,"expiresAt":"2020-01-01T00:00:00Z"}""")]
    [InlineData("""{"accessToken":"tok_skewed","expiresIn":-5}""")]
    [InlineData("""{"accessToken":"tok_skewed","expiresIn":"soon","expiresAt":"yesterday"}""")]
    [InlineData("""{"accessToken":"tok_skewed","expiresIn":null,"expiresAt":12}""")]
    public async Task An_expiry_in_the_past_or_unreadable_is_not_a_new_exchange_per_call(string answer)
    {
        GivenTokenAnswer(answer);
        using var client = _oms.Client();

        // The documented 60 minutes stand in: one exchange for 50 calls over 50 minutes.
        Assert.Equal(1, await CallOverAsync(client, 50, TimeSpan.FromMinutes(50)));
    }

    [Fact]
    public async Task An_expires_at_in_the_past_is_ignored_in_favour_of_expires_in()
    {
        GivenTokenAnswer("""{"accessToken":"tok_skewed","expiresIn":600,"expiresAt":"2001-01-01T00:00:00Z"}""");
        using var client = _oms.Client();

        Assert.Equal(1, await CallOverAsync(client, 10, TimeSpan.FromSeconds(539)));
        _oms.Clock.Advance(TimeSpan.FromSeconds(2)); // 60 s before the 600 s measured on our clock
        Assert.Equal(2, await CallOverAsync(client, 1, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("10000000000000")]
    [InlineData("1e300")]
    [InlineData("9223372036854775807")]
    [InlineData("\"10000000000000\"")]
    public async Task An_absurd_expires_in_is_clamped_to_a_day_and_never_overflows(string expiresIn)
    {
        GivenTokenAnswer($$"""{"accessToken":"tok_forever","expiresIn":{{expiresIn}}}""");
        using var client = _oms.Client();

        Assert.Equal(1, await CallOverAsync(client, 24, TimeSpan.FromHours(23.98)));
        _oms.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await CallOverAsync(client, 1, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_one_second_token_is_trusted_for_the_ten_second_floor_not_refreshed_per_call()
    {
        GivenTokenAnswer("""{"accessToken":"tok_blink","expiresIn":1}""");
        using var client = _oms.Client();

        // Floor 10 s, margin 5 s: 100 calls in 4.9 s share one token (a token that really died is replaced on its 401).
        Assert.Equal(1, await CallOverAsync(client, 100, TimeSpan.FromSeconds(4.9)));
    }

    [Theory]
    [InlineData("""{"accessToken":"tok\r\nX-Evil: 1","expiresIn":3600}""")]
    [InlineData("""{"accessToken":"","expiresIn":3600}""")]
    [InlineData("""{"accessToken":"   ","expiresIn":3600}""")]
    [InlineData("""{"accessToken":"tok en","expiresIn":3600}""")]
    [InlineData("""{"accessToken":"tok\u0000","expiresIn":3600}""")]
    [InlineData("""{"accessToken":"tøk","expiresIn":3600}""")]
    [InlineData("""{"accessToken":null,"expiresIn":3600}""")]
    [InlineData("""{"accessToken":42,"expiresIn":3600}""")]
    [InlineData("""{"expiresIn":3600}""")]
    [InlineData("""not json at all""")]
    public async Task A_token_that_cannot_be_sent_is_an_unexpected_response_at_the_exchange(string answer)
    {
        GivenTokenAnswer(answer);
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains("token", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.InnerException);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
        Assert.Equal(1, _oms.TokenExchanges);
    }

    [Fact]
    public async Task A_token_longer_than_any_header_should_carry_is_refused()
    {
        GivenTokenAnswer($$"""{"accessToken":"{{new string('t', OmsTokenSource.MaxTokenLength + 1)}}","expiresIn":3600}""");
        using var client = _oms.Client();

        await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public async Task A_caller_provider_token_with_a_line_break_is_an_sdk_error_not_a_format_exception()
    {
        using var client = new OmsClient(new OmsClientOptions { BaseAddress = _oms.BaseAddress, TokenProvider = new FixedProvider("tok\r\nX-Evil: 1") });

        var error = await Assert.ThrowsAsync<OmsException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains("IOmsTokenProvider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Evil", error.Message, StringComparison.Ordinal);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public async Task A_404_at_the_token_exchange_says_there_is_no_oms_api_at_the_base_address()
    {
        using var client = _oms.Client(o => o.BaseAddress = new Uri(_oms.Server.Urls[0]));

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("no OMS API at BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("/v0.9", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ApiSecret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, 15)]
    [InlineData(60, 30)]
    [InlineData(120, 60)]
    [InlineData(3600, 60)]
    public void The_margin_is_sixty_seconds_or_half_the_life(int lifetimeSeconds, int marginSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(marginSeconds), ApiKeyTokenSource.RefreshMarginFor(TimeSpan.FromSeconds(lifetimeSeconds)));

    private sealed class FixedProvider(string token) : IOmsTokenProvider
    {
        public ValueTask<OmsAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new OmsAccessToken(token, DateTimeOffset.MaxValue));
    }
}
