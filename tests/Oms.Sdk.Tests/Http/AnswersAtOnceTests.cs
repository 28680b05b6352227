using System.Net;
using System.Text;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Http;

/// <summary>
/// A handler that answers at once (in memory, a test's, a body already buffered) takes the handlers' short path: no state
/// machine, the answer's task handed up as it is. Each promise of the chain must hold on it as it does over a socket, and
/// on a mix of both (an attempt answered at once, then one that is not).
/// </summary>
public sealed class AnswersAtOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri BaseAddress = new("https://oms.invalid/v0.9");

    /// <summary>Answers from a script, one step per customer request, each at once or after a yield; the token exchange is answered at once.</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
    {
        private int _next;

        public List<string?> Authorizations { get; } = [];

        public int TokenExchanges { get; private set; }

        /// <summary>Whether a step answers after a yield (on another turn of the thread pool) instead of at once.</summary>
        public Func<int, bool> Later { get; init; } = _ => false;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                TokenExchanges++;
                return Task.FromResult(Json(HttpStatusCode.OK, $$"""{"accessToken":"tok{{TokenExchanges}}","expiresIn":3600}"""));
            }

            Authorizations.Add(request.Headers.Authorization?.Parameter);
            var step = _next++;
            if (step >= steps.Length)
            {
                throw new InvalidOperationException($"The script has {steps.Length} steps; request {step + 1} was not expected.");
            }

            return Later(step) ? AnswerLaterAsync(steps[step], request) : Task.FromResult(steps[step](request));
        }

        private static async Task<HttpResponseMessage> AnswerLaterAsync(Func<HttpRequestMessage, HttpResponseMessage> step, HttpRequestMessage request)
        {
            await Task.Yield();
            return step(request);
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Customer(HttpRequestMessage _) => Json(HttpStatusCode.OK, WireSamples.Customer("cst_1"));

    private static OmsClient Client(ScriptedHandler handler) => new(
        new OmsClientOptions
        {
            ApiKey = "key_test",
            ApiSecret = "secret_test_0123456789",
            BaseAddress = BaseAddress,
            TimeProvider = new TestClock(),
            Resilience = { BaseDelay = TimeSpan.Zero },
        },
        handler);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_customer_answered_at_once_is_read_in_one_attempt(bool later)
    {
        var handler = new ScriptedHandler(Customer) { Later = _ => later };
        using var client = Client(handler);

        var response = await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: Ct);

        Assert.Equal("cst_1", response.Value.Id);
        Assert.Equal(1, response.Attempts);
        Assert.Equal(["tok1"], handler.Authorizations);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_503_then_a_customer_is_retried_once(bool firstLater, bool secondLater)
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.ServiceUnavailable, "{}"), Customer) { Later = step => step == 0 ? firstLater : secondLater };
        using var client = Client(handler);

        var response = await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: Ct);

        Assert.Equal("cst_1", response.Value.Id);
        Assert.Equal(2, response.Attempts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_401_gets_a_fresh_token_and_the_request_is_replayed_once(bool later)
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized), Customer) { Later = _ => later };
        using var client = Client(handler);

        var customer = await client.Customers.GetAsync("cst_1", Ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(["tok1", "tok2"], handler.Authorizations);
        Assert.Equal(2, handler.TokenExchanges);
    }

    [Fact]
    public async Task A_second_401_is_an_authentication_error()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized), _ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var client = Client(handler);

        await Assert.ThrowsAsync<OmsAuthenticationException>(() => client.Customers.GetAsync("cst_1", Ct));

        Assert.Equal(["tok1", "tok2"], handler.Authorizations);
    }

    [Fact]
    public async Task A_redirect_answered_at_once_is_refused()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://elsewhere.invalid/v0.9/customers/cst_1") } });
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", Ct));

        Assert.Contains("https://elsewhere.invalid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/customers/cst_1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_shorter_than_its_length_is_a_dropped_connection_and_retried()
    {
        var handler = new ScriptedHandler(
            _ =>
            {
                var cut = Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")[..20]);
                cut.Content.Headers.ContentLength = 400;
                return cut;
            },
            Customer);
        using var client = Client(handler);

        var response = await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: Ct);

        Assert.Equal("cst_1", response.Value.Id);
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_handler_that_throws_at_once_is_a_transport_failure_without_its_text_and_retried()
    {
        static HttpResponseMessage Throw(HttpRequestMessage _) => throw new IOException("server text: secret-ish");
        var handler = new ScriptedHandler(Throw, Customer);
        using var client = Client(handler);

        var response = await client.Customers.GetWithResponseAsync("cst_1", cancellationToken: Ct);
        Assert.Equal(2, response.Attempts);

        var failing = new ScriptedHandler([.. Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(Throw, 4)]);
        using var failingClient = Client(failing);
        var error = await Assert.ThrowsAsync<OmsConnectionException>(() => failingClient.Customers.GetAsync("cst_1", Ct));
        Assert.Equal(4, error.Attempts);
        Assert.DoesNotContain("secret-ish", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_who_cancelled_first_gets_their_cancellation()
    {
        var handler = new ScriptedHandler(Customer);
        using var client = Client(handler);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Customers.GetAsync("cst_1", cancelled.Token));

        Assert.Equal(cancelled.Token, error.CancellationToken);
    }
}
