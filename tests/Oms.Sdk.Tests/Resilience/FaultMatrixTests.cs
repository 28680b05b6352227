using System.Globalization;
using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Resilience;

/// <summary>
/// The fault matrix of the retry issue, for GET /customers/{id}, POST /customers and PATCH /customers/{id}, over real HTTP. Waits elapse
/// on a fake clock that records each one, so every test also proves how long the SDK chose to wait.
/// </summary>
public sealed class FaultMatrixTests : IDisposable
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    // Backoff and Retry-After waits elapse at once (see Client()); the attempt and total timeouts are watchdogs that do not.

    public enum Op
    {
        Get,
        Create,
        Update,
    }

    public void Dispose() => _oms.Dispose();

    private OmsClient Client(Action<OmsResilienceOptions>? configure = null) => _oms.Client(o =>
    {
        o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
        o.Resilience.MaxDelay = MaxDelay;
        o.Resilience.AttemptTimeout = AttemptTimeout;
        o.Resilience.TotalTimeout = TotalTimeout;
        configure?.Invoke(o.Resilience);
        var (attempt, total) = (o.Resilience.AttemptTimeout, o.Resilience.TotalTimeout);
        _oms.Clock.IsWait = d => d != attempt && d != total;
    });

    private static string PathOf(Op op) => op == Op.Create ? "/customers" : "/customers/cst_1";

    private static string MethodOf(Op op) => op switch { Op.Get => "GET", Op.Create => "POST", _ => "PATCH" };

    private static HttpStatusCode SuccessOf(Op op) => op == Op.Create ? HttpStatusCode.Created : HttpStatusCode.OK;

    /// <summary>The platform's own handler under a caller's handler, as an app would chain them.</summary>
#if NETFRAMEWORK
    private static HttpClientHandler PlatformHandler() => new();
#else
    private static SocketsHttpHandler PlatformHandler() => new();
#endif

    private static IResponseBuilder Ok(Op op) => OmsWireMock.Json(SuccessOf(op), WireSamples.Customer("cst_1"));

    private static IResponseBuilder Status(HttpStatusCode status, string body = """{"error":{"code":"x","message":"y"}}""") =>
        OmsWireMock.Json(status, body);

    private void Given(Op op, params IResponseBuilder[] responses) =>
        _oms.GivenSequence(MethodOf(op), PathOf(op), responses);

    private Task<Customer> Call(OmsClient client, Op op, CancellationToken? cancellationToken = null) => op switch
    {
        Op.Get => client.Customers.GetAsync("cst_1", cancellationToken ?? _ct),
        Op.Create => client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" }, cancellationToken: cancellationToken ?? _ct),
        _ => client.Customers.UpdateAsync("cst_1", new UpdateCustomerRequest { Email = "jane@example.com" }, cancellationToken: cancellationToken ?? _ct),
    };

    /// <summary>The server saw <paramref name="expected"/> attempts; every POST attempt carried the same key and body.</summary>
    private string? AssertAttempts(Op op, int expected) =>
        AssertSameKeyAndBody(op, expected, _oms.Requests(PathOf(op)).Select(e => e.RequestMessage!).ToList());

    /// <summary>Attempts answered slowly: WireMock logs a request only once answered, so the callback's own record is used.</summary>
    private string? AssertSlowAttempts(Op op, int expected)
    {
        lock (_slowRequests)
        {
            return AssertSameKeyAndBody(op, expected, [.. _slowRequests]);
        }
    }

    private static string? AssertSameKeyAndBody(Op op, int expected, List<WireMock.IRequestMessage> attempts)
    {
        Assert.Equal(expected, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(MethodOf(op), a.Method));
        if (op == Op.Get)
        {
            return null;
        }

        var key = Assert.Single(attempts.Select(a => a.Headers!["Idempotency-Key"].Single()).Distinct());
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.Contains("jane@example.com", attempts[0].Body, StringComparison.Ordinal);
        return key;
    }

    private void AssertBackoffWaits(int count)
    {
        Assert.Equal(count, _oms.Clock.Waits.Count);
        Assert.All(_oms.Clock.Waits, w => Assert.InRange(w, TimeSpan.FromTicks(1), MaxDelay));
    }

    [Theory]
    [InlineData(Op.Get, HttpStatusCode.InternalServerError)]
    [InlineData(Op.Get, HttpStatusCode.BadGateway)]
    [InlineData(Op.Get, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Get, HttpStatusCode.GatewayTimeout)]
    [InlineData(Op.Get, HttpStatusCode.RequestTimeout)]
    [InlineData(Op.Get, HttpStatus.TooManyRequests)]
    [InlineData(Op.Create, HttpStatusCode.InternalServerError)]
    [InlineData(Op.Create, HttpStatusCode.BadGateway)]
    [InlineData(Op.Create, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Create, HttpStatusCode.GatewayTimeout)]
    [InlineData(Op.Create, HttpStatusCode.RequestTimeout)]
    [InlineData(Op.Create, HttpStatus.TooManyRequests)]
    [InlineData(Op.Update, HttpStatusCode.InternalServerError)]
    [InlineData(Op.Update, HttpStatusCode.BadGateway)]
    [InlineData(Op.Update, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Update, HttpStatusCode.GatewayTimeout)]
    [InlineData(Op.Update, HttpStatusCode.RequestTimeout)]
    [InlineData(Op.Update, HttpStatus.TooManyRequests)]
    public async Task A_transient_status_then_success_is_retried_once_after_a_bounded_backoff(Op op, HttpStatusCode status)
    {
        Given(op, Status(status), Ok(op));
        using var client = Client();

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        AssertAttempts(op, 2);
        AssertBackoffWaits(1);
    }

    [Theory]
    [InlineData(Op.Get, HttpStatusCode.BadGateway)]
    [InlineData(Op.Get, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Get, HttpStatusCode.GatewayTimeout)]
    [InlineData(Op.Create, HttpStatusCode.BadGateway)]
    [InlineData(Op.Create, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Create, HttpStatusCode.GatewayTimeout)]
    [InlineData(Op.Update, HttpStatusCode.BadGateway)]
    [InlineData(Op.Update, HttpStatusCode.ServiceUnavailable)]
    [InlineData(Op.Update, HttpStatusCode.GatewayTimeout)]
    public async Task A_persistent_transient_status_fails_after_max_retries_reporting_attempts_key_and_status(Op op, HttpStatusCode status)
    {
        Given(op, Status(status));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OmsApiException>(() => Call(client, op));

        var key = AssertAttempts(op, 4);
        AssertBackoffWaits(3);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(status, ex.LastStatusCode);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(key, ex.IdempotencyKey);
        Assert.Contains("Attempts: 4", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>"+N" means an HTTP date N seconds ahead of the fake clock; anything else is sent as it is.</summary>
    [Theory]
    [InlineData(Op.Get, HttpStatus.TooManyRequests, "2", 2)]
    [InlineData(Op.Create, HttpStatus.TooManyRequests, "2", 2)]
    [InlineData(Op.Get, HttpStatus.TooManyRequests, "+3", 3)]
    [InlineData(Op.Create, HttpStatus.TooManyRequests, "+3", 3)]
    [InlineData(Op.Get, HttpStatusCode.ServiceUnavailable, "45", 45)] // longer than MaxDelay, within the budget
    [InlineData(Op.Create, HttpStatusCode.ServiceUnavailable, "45", 45)]
    [InlineData(Op.Update, HttpStatus.TooManyRequests, "2", 2)]
    [InlineData(Op.Update, HttpStatus.TooManyRequests, "+3", 3)]
    [InlineData(Op.Update, HttpStatusCode.ServiceUnavailable, "45", 45)]
    public async Task Retry_after_within_the_budget_is_waited_exactly(Op op, HttpStatusCode status, string retryAfter, int expectedSeconds)
    {
        var header = retryAfter.StartsWith('+')
            ? _oms.Clock.GetUtcNow().AddSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture)
            : retryAfter;
        Given(op, Status(status).WithHeader("Retry-After", header), Ok(op));
        using var client = Client();

        await Call(client, op);

        AssertAttempts(op, 2);
        Assert.Equal([TimeSpan.FromSeconds(expectedSeconds)], _oms.Clock.Waits);
    }

    [Theory]
    [InlineData(Op.Get, "120", 120)]
    [InlineData(Op.Create, "120", 120)]
    [InlineData(Op.Get, "60", 60)]
    [InlineData(Op.Create, "999999999", 86400)]
    [InlineData(Op.Update, "120", 120)]
    [InlineData(Op.Update, "999999999", 86400)]
    public async Task Retry_after_beyond_the_budget_fails_at_once_with_the_servers_retry_after(Op op, string retryAfter, int expectedSeconds)
    {
        Given(op, Status(HttpStatus.TooManyRequests, """{"error":{"code":"rate_limited","message":"Slow down"}}""").WithHeader("Retry-After", retryAfter), Ok(op));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OmsRateLimitedException>(() => Call(client, op));

        var key = AssertAttempts(op, 1);
        Assert.Empty(_oms.Clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ex.RetryAfter);
        Assert.Equal("rate_limited", ex.ErrorCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(key, ex.IdempotencyKey);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task Retry_after_in_the_past_is_clamped_to_no_wait(Op op)
    {
        var date = _oms.Clock.GetUtcNow().AddMinutes(-5).ToString("R", CultureInfo.InvariantCulture);
        Given(op, Status(HttpStatus.TooManyRequests).WithHeader("Retry-After", date), Ok(op));
        using var client = Client();

        await Call(client, op);

        AssertAttempts(op, 2);
        Assert.Empty(_oms.Clock.Waits);
    }

    public static TheoryData<Op, bool> Drops => new() { { Op.Get, true }, { Op.Get, false }, { Op.Create, true }, { Op.Create, false }, { Op.Update, true }, { Op.Update, false } };

    private static ScriptedHttpServer.Reply Drop(bool reset) => reset ? ScriptedHttpServer.Reply.ConnectionReset : ScriptedHttpServer.Reply.EmptyReply;

    private OmsClient ClientFor(ScriptedHttpServer server)
    {
        _oms.Clock.IsWait = d => d != AttemptTimeout && d != TotalTimeout;
        return new(_oms.Options(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.AttemptTimeout = AttemptTimeout;
            o.Resilience.TotalTimeout = TotalTimeout;
        }));
    }

    private static string? AssertScriptedAttempts(ScriptedHttpServer server, Op op, int expected)
    {
        var attempts = server.CustomerRequests.ToList();
        Assert.Equal(expected, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(MethodOf(op), a.Method));
        if (op == Op.Get)
        {
            return null;
        }

        var key = Assert.Single(attempts.Select(a => a.Header("Idempotency-Key")).Distinct());
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.Contains("jane@example.com", attempts[0].Body, StringComparison.Ordinal);
        return key;
    }

    [Theory]
    [MemberData(nameof(Drops))]
    public async Task A_connection_closed_before_the_answer_is_retried(Op op, bool reset)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.Json(SuccessOf(op), WireSamples.Customer("cst_1")));
        server.Then(_ => Drop(reset));
        using var client = ClientFor(server);

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        AssertScriptedAttempts(server, op, 2);

        // SocketsHttpHandler itself resends a GET whose connection closed cleanly before any answer, so then the
        // SDK never sees the failure; every other case is the SDK's retry, after one backoff.
        AssertBackoffWaits(PlatformResends(op, reset) ? 0 : 1);
    }

#if NETFRAMEWORK
    // HttpWebRequest as Mono implements it never resends by itself: every case is the SDK's retry.
    private static bool PlatformResends(Op op, bool reset) => false;
#else
    private static bool PlatformResends(Op op, bool reset) => op == Op.Get && !reset;
#endif

    [Theory]
    [MemberData(nameof(Drops))]
    public async Task Connections_that_always_close_fail_as_a_connection_error(Op op, bool reset)
    {
        await using var server = new ScriptedHttpServer(_ => Drop(reset));
        using var client = ClientFor(server);

        var ex = await Assert.ThrowsAsync<OmsConnectionException>(() => Call(client, op));

        var key = PlatformResends(op, reset) ? null : AssertScriptedAttempts(server, op, 4);
        Assert.True(server.CustomerRequests.Count() >= 4);
        AssertBackoffWaits(3);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(key, ex.IdempotencyKey);
        Assert.IsAssignableFrom<HttpRequestException>(ex.InnerException);
        if (key is not null)
        {
            Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The connection dies mid-body: reset after a few bytes (<c>shortBy</c> 0), or closed cleanly with the whole JSON sent
    /// but fewer bytes than the <c>Content-Length</c> promised (by one byte, or by more than the presized buffer holds).
    /// </summary>
    [Theory]
    [InlineData(Op.Get, 0)]
    [InlineData(Op.Create, 0)]
    [InlineData(Op.Update, 0)]
    [InlineData(Op.Get, 1)]
    [InlineData(Op.Create, 1)]
    [InlineData(Op.Update, 1)]
    [InlineData(Op.Get, 2_000_000)]
    [InlineData(Op.Create, 2_000_000)]
    public async Task A_connection_closed_in_the_middle_of_the_body_is_retried(Op op, int shortBy)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.Json(SuccessOf(op), WireSamples.Customer("cst_1")));
        server.Then(_ => shortBy == 0 ? ScriptedHttpServer.Reply.TruncatedBody : ScriptedHttpServer.Reply.ShortBody(SuccessOf(op), WireSamples.Customer("cst_1"), shortBy));
        using var client = ClientFor(server);

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        AssertScriptedAttempts(server, op, 2);
        AssertBackoffWaits(1);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task Successes_whose_bodies_always_end_early_fail_as_a_connection_error(Op op)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.ShortBody(SuccessOf(op), WireSamples.Customer("cst_1"), 10));
        using var client = ClientFor(server);

        var ex = await Assert.ThrowsAsync<OmsConnectionException>(() => Call(client, op));

        Assert.Equal(4, ex.Attempts);
        AssertScriptedAttempts(server, op, 4);
        Assert.Equal(SuccessOf(op), ex.LastStatusCode);
        Assert.Equal(HttpRequestError.ResponseEnded, Assert.IsType<HttpRequestException>(ex.InnerException).HttpRequestError);
    }

    public static TheoryData<Op, string> HandlerFaults => new()
    {
        { Op.Get, nameof(IOException) },
        { Op.Create, nameof(IOException) },
        { Op.Update, nameof(IOException) },
        { Op.Get, nameof(System.Net.Sockets.SocketException) },
        { Op.Create, nameof(ObjectDisposedException) },
    };

    [Theory]
    [MemberData(nameof(HandlerFaults))]
    public async Task Through_a_callers_handler_any_exception_is_a_transport_failure_that_is_retried(Op op, string fault)
    {
        Given(op, Ok(op));
        using var faulty = new FaultyHandler(fault, times: 1) { InnerHandler = PlatformHandler() };
        using var client = new OmsClient(ClientOptions(), faulty);

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(2, faulty.Sent);
        AssertBackoffWaits(1);
    }

    [Theory]
    [MemberData(nameof(HandlerFaults))]
    public async Task Through_a_callers_handler_only_an_OmsException_leaves_a_call(Op op, string fault)
    {
        Given(op, Ok(op));
        using var faulty = new FaultyHandler(fault, times: int.MaxValue) { InnerHandler = PlatformHandler() };
        using var client = new OmsClient(ClientOptions(), faulty);

        var ex = await Assert.ThrowsAsync<OmsConnectionException>(() => Call(client, op));

        Assert.Equal(4, ex.Attempts);
        Assert.Equal(4, faulty.Sent);
        var transport = Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Null(transport.InnerException);
        Assert.Contains(fault, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-ish", ex.Message, StringComparison.Ordinal);
        if (op != Op.Get)
        {
            Assert.Contains(ex.IdempotencyKey!, ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_oms.Requests(PathOf(op)));
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task An_answer_handed_back_after_its_attempt_timed_out_is_a_timeout_not_a_success(Op op)
    {
        Given(op, Ok(op));
        using var late = new LateHandler(_oms.Clock, AttemptTimeout + TimeSpan.FromSeconds(1)) { InnerHandler = PlatformHandler() };
        using var client = new OmsClient(ClientOptions(), late);

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(2, late.Sent);
        Assert.Equal(1, late.HandedBackCancelled);
        AssertBackoffWaits(1);
    }

    /// <summary>
    /// A caller's handler that, the first time, lets <c>by</c> pass (the attempt times out meanwhile) and hands the answer
    /// back anyway, as Mono's transport can when its abort loses the race with the response.
    /// </summary>
    private sealed class LateHandler(TestClock clock, TimeSpan by) : DelegatingHandler
    {
        public int Sent { get; private set; }

        public int HandedBackCancelled { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (++Sent > 1)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            // The whole answer is in hand, in a stream that no longer looks at the token, before the time passes.
            using var answer = await base.SendAsync(request, CancellationToken.None);
            var body = await answer.Content.ReadAsByteArrayAsync();
            var late = new HttpResponseMessage(answer.StatusCode) { RequestMessage = request, Content = new StreamContent(new DeafStream(body)) };
            late.Content.Headers.ContentType = answer.Content.Headers.ContentType;
            late.Content.Headers.ContentLength = body.Length;
            clock.AdvanceAndRunDueTimers(by);
            HandedBackCancelled += cancellationToken.IsCancellationRequested ? 1 : 0;
            return late;
        }
    }

    /// <summary>Bytes already received: reading them ignores cancellation, as a transport's buffer can.</summary>
    private sealed class DeafStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, count, CancellationToken.None);
#if !NETFRAMEWORK

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer, CancellationToken.None);
#endif
    }

    private OmsClientOptions ClientOptions()
    {
        _oms.Clock.IsWait = d => d != AttemptTimeout && d != TotalTimeout;
        return _oms.Options(o =>
        {
            o.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
            o.Resilience.AttemptTimeout = AttemptTimeout;
            o.Resilience.TotalTimeout = TotalTimeout;
        });
    }

    /// <summary>A caller's handler that raises <c>fault</c> instead of sending a customer request, the first <c>times</c> times.</summary>
    private sealed class FaultyHandler(string fault, int times) : DelegatingHandler
    {
        private int _faults;

        public int Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                return base.SendAsync(request, cancellationToken);
            }

            Sent++;
            if (_faults++ >= times)
            {
                return base.SendAsync(request, cancellationToken);
            }

            throw fault switch
            {
                nameof(IOException) => new IOException("Unable to read data from the transport connection: secret-ish server text."),
                nameof(System.Net.Sockets.SocketException) => new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset),
                _ => new ObjectDisposedException("the connection"),
            };
        }
    }

    /// <summary>An answer that arrives only after fake time has moved past the attempt timeout: the server sees the request, then time passes.</summary>
    private readonly List<WireMock.IRequestMessage> _slowRequests = [];

    private IResponseBuilder Slow(Op op, TimeSpan by) => Response.Create().WithCallback(request =>
    {
        lock (_slowRequests)
        {
            _slowRequests.Add(request);
        }

        _oms.Clock.AdvanceAndRunDueTimers(by);
        return new WireMock.ResponseMessage
        {
            StatusCode = (int)SuccessOf(op),
            BodyData = new WireMock.Util.BodyData { BodyAsString = WireSamples.Customer("cst_1"), DetectedBodyType = WireMock.Types.BodyType.String },
        };
    });

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task A_response_slower_than_the_attempt_timeout_is_abandoned_and_retried(Op op)
    {
        Given(op, Slow(op, AttemptTimeout + TimeSpan.FromSeconds(1)), Ok(op));
        using var client = Client();

        var customer = await Call(client, op);

        Assert.Equal("cst_1", customer.Id);
        AssertSlowAttempts(op, 1);
        AssertAttempts(op, 2); // the slow one was answered too, after the client had moved on
        AssertBackoffWaits(1);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task Responses_always_slower_than_the_attempt_timeout_end_in_an_sdk_timeout(Op op)
    {
        Given(op, Slow(op, AttemptTimeout + TimeSpan.FromSeconds(1)));
        using var client = Client(r => r.TotalTimeout = TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<OmsTimeoutException>(() => Call(client, op));

        var key = AssertSlowAttempts(op, 4);
        AssertBackoffWaits(3);
        Assert.Equal(4, ex.Attempts);
        Assert.Equal(key, ex.IdempotencyKey);
        Assert.Contains("AttemptTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task The_total_timeout_ends_the_call_with_an_sdk_timeout_not_a_cancellation(Op op)
    {
        Given(op, Slow(op, AttemptTimeout + TimeSpan.FromSeconds(1)));
        using var client = Client(r =>
        {
            r.TotalTimeout = TimeSpan.FromSeconds(15);
            r.BaseDelay = TimeSpan.FromMilliseconds(100);
        });

        var ex = await Assert.ThrowsAsync<OmsTimeoutException>(() => Call(client, op));

        AssertSlowAttempts(op, 2);
        Assert.Equal(2, ex.Attempts);
        Assert.Contains("TotalTimeout", ex.Message, StringComparison.Ordinal);
        Assert.False(_ct.IsCancellationRequested);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task A_success_with_malformed_json_is_not_retried(Op op)
    {
        Given(op, OmsWireMock.Json(HttpStatusCode.OK, """{"id": "cst_1", """));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => Call(client, op));

        var key = AssertAttempts(op, 1);
        Assert.Equal(key, ex.IdempotencyKey);
        Assert.Empty(_oms.Clock.Waits);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task An_html_502_page_is_retried_and_kept_raw_when_it_persists(Op op)
    {
        const string Html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
        Given(op, Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html").WithBody(Html));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<OmsApiException>(() => Call(client, op));

        AssertAttempts(op, 4);
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal(Html, ex.RawBody);
        Assert.Null(ex.ErrorCode);
    }

    [Theory]
    [InlineData(Op.Get, HttpStatusCode.BadRequest, typeof(OmsValidationException))]
    [InlineData(Op.Get, HttpStatusCode.NotFound, typeof(OmsNotFoundException))]
    [InlineData(Op.Get, HttpStatusCode.Conflict, typeof(OmsConflictException))]
    [InlineData(Op.Get, HttpStatus.UnprocessableEntity, typeof(OmsValidationException))]
    [InlineData(Op.Create, HttpStatusCode.BadRequest, typeof(OmsValidationException))]
    [InlineData(Op.Create, HttpStatusCode.NotFound, typeof(OmsNotFoundException))]
    [InlineData(Op.Create, HttpStatusCode.Conflict, typeof(OmsConflictException))]
    [InlineData(Op.Create, HttpStatus.UnprocessableEntity, typeof(OmsValidationException))]
    [InlineData(Op.Update, HttpStatusCode.BadRequest, typeof(OmsValidationException))]
    [InlineData(Op.Update, HttpStatusCode.NotFound, typeof(OmsNotFoundException))]
    [InlineData(Op.Update, HttpStatusCode.Conflict, typeof(OmsConflictException))]
    [InlineData(Op.Update, HttpStatus.UnprocessableEntity, typeof(OmsValidationException))]
    public async Task Client_errors_are_not_retried(Op op, HttpStatusCode status, Type expected)
    {
        Given(op, Status(status), Ok(op));
        using var client = Client();

        var ex = await Assert.ThrowsAnyAsync<OmsApiException>(() => Call(client, op));

        var key = AssertAttempts(op, 1);
        Assert.Equal(expected, ex.GetType());
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(key, ex.IdempotencyKey);
        Assert.Empty(_oms.Clock.Waits);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task Cancelling_during_a_backoff_ends_the_call_at_once_with_operation_canceled(Op op)
    {
        Given(op, Status(HttpStatusCode.ServiceUnavailable).WithHeader("Retry-After", "30"), Ok(op));
        using var client = Client();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        _oms.Clock.IsWait = _ => false;
        _oms.Clock.TimerStarted += due =>
        {
            if (due == TimeSpan.FromSeconds(30))
            {
                cts.Cancel();
            }
        };

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(client, op, cts.Token));

        Assert.IsNotAssignableFrom<OmsException>(ex);
        AssertAttempts(op, 1);
    }

    [Theory]
    [InlineData(Op.Get)]
    [InlineData(Op.Create)]
    [InlineData(Op.Update)]
    public async Task Max_retries_zero_turns_retries_off(Op op)
    {
        Given(op, Status(HttpStatusCode.ServiceUnavailable), Ok(op));
        using var client = Client(r => r.MaxRetries = 0);

        var ex = await Assert.ThrowsAsync<OmsApiException>(() => Call(client, op));

        AssertAttempts(op, 1);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }
}
