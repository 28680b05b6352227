using System.Net;
using System.Text;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Errors;

/// <summary>
/// Answers that try to mislead: a Retry-After past any sane range, a success body that is not the JSON expected, a
/// request id with control characters, a body that says two things about one property.
/// </summary>
public sealed class HostileAnswerTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    private void GivenGet(IResponseBuilder response) =>
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet()).RespondWith(response);

    [Theory]
    [InlineData("1000000000000")]
    [InlineData("99999999999999999999999999999")]
    [InlineData("86401")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task A_retry_after_past_a_day_ends_the_call_at_once_with_the_one_day_clamp(string retryAfter)
    {
        GivenGet(OmsWireMock.Json(HttpStatus.TooManyRequests, """{"error":"slow down"}""").WithHeader("Retry-After", retryAfter));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsRateLimitedException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(TimeSpan.FromDays(1), error.RetryAfter);
        Assert.Equal(1, error.Attempts);
        Assert.Single(_oms.Requests("/customers/cst_1"));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("1.5")]
    public async Task A_retry_after_that_is_not_a_delay_or_a_date_is_no_answer(string retryAfter)
    {
        GivenGet(OmsWireMock.Json(HttpStatus.TooManyRequests, "{}").WithHeader("Retry-After", retryAfter));
        using var client = _oms.Client(o => o.Resilience.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<OmsRateLimitedException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Null(error.RetryAfter);
        Assert.Equal(2, error.Attempts);
    }

    [Theory]
    [InlineData("text/html", "<html><body>Welcome, Jane Doe, card 4111111111111111</body></html>")]
    [InlineData("application/json", """{"id":"cst_1","firstName":4111111111111111}""")]
    [InlineData("application/json", """{"id":"cst_1","wallets":[{"balance":"not-a-number-4111111111111111"}]}""")]
    [InlineData("application/json", """{"id":"cst_1","createdAt":"4111111111111111"}""")]
    [InlineData("application/json", """{"id":"cst_1" 4111111111111111}""")]
    public async Task A_success_that_is_not_the_expected_json_says_where_it_broke_and_quotes_nothing(string contentType, string body)
    {
        GivenGet(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", contentType).WithBody(body));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Null(error.InnerException);
        Assert.Contains("not a valid Customer object", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, byte", error.Message, StringComparison.Ordinal);
        Assert.Contains("Content-Type", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_charset_dotnet_cannot_read_is_an_unexpected_response_naming_it()
    {
        GivenGet(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", "application/json; charset=klingon").WithBody("""{"id":"cst_1"}"""));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains("charset the SDK cannot read (Content-Type application/json; charset=klingon)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_authentic_webhook_payload_quotes_nothing_of_it()
    {
        var bodies = new[]
        {
            """{"type":"customer.endorsement.granted","data":{"id":"cst_1","firstName":["Jane 4111111111111111"]}}""",
            """{"type":"customer.created","data":{"id":"cst_1","wallets":[{"balance":"4111111111111111x"}]}}""",
            """<html>Jane 4111111111111111</html>""",
            """{"type":"customer.created","data":{"id":"cst_1","id":"4111111111111111"}}""",
        };

        foreach (var body in bodies)
        {
            var error = Assert.Throws<OmsWebhookPayloadException>(() => OmsWebhookEventParser.Parse(Encoding.UTF8.GetBytes(body), "msg_1", DateTimeOffset.FromUnixTimeSeconds(0)));

            Assert.Null(error.InnerException);
            Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("4111111111111111", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Jane", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_request_id_is_stripped_of_control_characters_and_capped()
    {
        var hostile = "req_\u001b[31mred\u001b[0m\u0007\u007f" + new string('x', 1000);
        await using var server = new HostileHttpServer(HostileHttpServer.TokenThen((_, stream, ct) =>
            HostileHttpServer.WriteAsync(stream, 404, "Not Found", [("Content-Type", "application/json"), ("X-Request-Id", hostile)], "{}"u8.ToArray(), ct)));
        using var client = new OmsClient(new OmsClientOptions { ApiKey = "sk_sdbx_k", ApiSecret = "sec_s", BaseAddress = server.BaseAddress });

        var error = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.StartsWith("req_[31mred[0m", error.RequestId, StringComparison.Ordinal);
        Assert.Equal(128, error.RequestId!.Length);
        Assert.DoesNotContain(error.RequestId!, char.IsControl);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }

    [Theory]
    [InlineData("""{"id":"cst_a","id":"cst_b"}""")]
    [InlineData("""{"id":"cst_a","ID":"cst_b"}""")]
    [InlineData("""{"id":"cst_a","status":"active","status":"inactive"}""")]
    [InlineData("""{"id":"cst_a","wallets":[{"id":"wlt_1","balance":"1.00","balance":"1000000.00"}]}""")]
    [InlineData("""{"id":"cst_a","endorsements":[{"name":"usd","status":"rejected","status":"approved"}]}""")]
    [InlineData("""{"id":"cst_a","endorsements":[{"name":"usd","requirements":{"missing":["id"],"missing":[]}}]}""")]
    [InlineData("""{"id":"cst_a","metadata":{"tier":"basic","tier":"gold"}}""")]
    public async Task A_customer_that_repeats_a_property_is_refused(string body)
    {
        GivenGet(OmsWireMock.Json(HttpStatusCode.OK, body));
        using var client = _oms.Client();

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains("a property given twice", error.Message, StringComparison.Ordinal);
        Assert.Single(_oms.Requests("/customers/cst_1"));
    }

    [Fact]
    public async Task A_page_that_repeats_its_data_is_refused()
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, """{"data":[],"hasMore":false,"data":[{"id":"cst_evil"}]}"""));
        using var client = _oms.Client();

        await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.ListAsync(cancellationToken: _ct));
    }

    [Fact]
    public async Task A_token_answer_that_repeats_the_token_is_refused()
    {
        _oms.Server.ResetMappings();
        _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, """{"accessToken":"tok_a","accessToken":"tok_b","expiresIn":3600}"""));
        using var client = _oms.Client();

        await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }
}
