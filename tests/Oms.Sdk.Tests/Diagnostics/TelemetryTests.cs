using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Diagnostics;

/// <summary>
/// Spans, metrics and logs answer "which call, which customer, how many retries, which request id, what did OMS say",
/// and none of them (nor any exception, ToString or kept error body) ever carries a secret or write-only PII.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private const string ApiSecret = "sec_TOPSECRET_api_9f8e7d";
    private const string FirstToken = "tok_SECRET_first_1a2b";
    private const string SecondToken = "tok_SECRET_second_3c4d";
    private const string WebhookSecret = "whsec_5e1c0d9b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c";
    private const string BirthDate = "1987-06-05";
    private const string Street = "742 Evergreen Terrace";
    private const string Flat = "Flat 12Q";
    private const string City = "Springfield";
    private const string Zip = "49007";
    private const string Ip = "198.51.100.77";
    private const string Ssn = "078051120";

    private static readonly string[] Secrets = [ApiSecret, FirstToken, SecondToken, WebhookSecret, WebhookSecret["whsec_".Length..], BirthDate, Street, Flat, City, Zip, Ip, Ssn];

    private readonly OmsWireMock _oms = new();
    private readonly TelemetryCapture _capture = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly List<string> _emitted = [];

    public void Dispose()
    {
        _capture.Dispose();
        _oms.Dispose();
    }

    private static CreateCustomerRequest FullRequest() => new()
    {
        FirstName = "Homer",
        Email = "homer@example.com",
        BirthDate = DateOnly.FromDateTime(DateTime.Parse(BirthDate, System.Globalization.CultureInfo.InvariantCulture)),
        IpAddress = Ip,
        ResidentialAddress = new ResidentialAddress { Line1 = Street, Line2 = Flat, City = City, State = "OR", Country = "US", ZipCode = Zip },
        IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, IssuingCountry = "US", Number = Ssn }],
    };

    private OmsClient Client() => _oms.Client(o =>
    {
        o.ApiSecret = ApiSecret;
        o.LoggerFactory = _capture.LoggerFactory;
    });

    /// <summary>Runs a flow through the fault matrix and keeps every text the test itself could see.</summary>
    private async Task RunFlowAsync()
    {
        _oms.Server.ResetMappings();
        var tokens = new[] { FirstToken, SecondToken };
        for (var i = 0; i < tokens.Length; i++)
        {
            var given = _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost()).InScenario("tokens");
            given = i == 0 ? given : given.WhenStateIs("second");
            (i == 0 ? given.WillSetStateTo("second") : given)
                .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, $$"""{"accessToken":"{{tokens[i]}}","expiresIn":3600}"""));
        }

        // A create that meets a 503, then a 422 whose body echoes the PII and the token.
        var message = $"birthDate {BirthDate} at {Street}, {Flat}, {City} {Zip} from {Ip} with {Ssn} rejected (token {FirstToken}, secret {ApiSecret})";
        var echo = "{\"error\":{\"code\":\"validation_error\",\"message\":\"" + message + "\"}}";
        _oms.GivenSequence(
            "POST",
            "/customers",
            OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}").WithHeader("X-Request-Id", "req_503"),
            OmsWireMock.Json(HttpStatus.UnprocessableEntity, echo).WithHeader("X-Request-Id", "req_422"),
            OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_new")).WithHeader("X-Request-Id", "req_201"));
        // A get that meets a 401 (token refreshed, request replayed), then a 404, then a 429 beyond the budget.
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer " + FirstToken))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Unauthorized, $$"""{"error":"token {{FirstToken}} expired"}"""));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet().WithHeader("Authorization", "Bearer " + SecondToken))
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")).WithHeader("X-Request-Id", "req_get"));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_missing").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.NotFound, """{"error":{"code":"not_found","message":"No such customer"}}"""));
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatus.TooManyRequests, "{}").WithHeader("Retry-After", "3600"));

        var options = _oms.Options(o => o.ApiSecret = ApiSecret);
        var request = FullRequest();
        _emitted.Add(options.ToString());
        _emitted.Add(request.ToString());
        using var client = Client();

        var invalid = await Assert.ThrowsAsync<OmsValidationException>(() => client.Customers.CreateAsync(request, "key-telemetry-1", _ct));
        Keep(invalid);
        Assert.Contains("validation_error", invalid.ErrorCode, StringComparison.Ordinal);
        Assert.Contains(Redacted, invalid.RawBody!, StringComparison.Ordinal);

        var created = await client.Customers.CreateAsync(request, "key-telemetry-2", _ct);
        Assert.Equal("cst_new", created.Id);
        Assert.Equal("cst_1", (await client.Customers.GetAsync("cst_1", _ct)).Id);
        Keep(await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_missing", _ct)));
        Keep(await Assert.ThrowsAsync<OmsRateLimitedException>(() => client.Customers.ListAsync(cancellationToken: _ct)));

        // Connections reset on every attempt, and attempts slower than the attempt timeout.
        await using (var resetting = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.ConnectionReset))
        {
            using var dropped = new OmsClient(_oms.Options(o =>
            {
                o.ApiSecret = ApiSecret;
                o.BaseAddress = resetting.BaseAddress;
                o.LoggerFactory = _capture.LoggerFactory;
            }));
            Keep(await Assert.ThrowsAsync<OmsConnectionException>(() => dropped.Customers.CreateAsync(FullRequest(), "key-telemetry-3", _ct)));
        }

        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_slow").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithCallback(_ =>
            {
                _oms.Clock.AdvanceAndRunDueTimers(TimeSpan.FromSeconds(11));
                return new WireMock.ResponseMessage { StatusCode = 200 };
            }));
        Keep(await Assert.ThrowsAsync<OmsTimeoutException>(() => client.Customers.GetAsync("cst_slow", _ct)));

        // Webhooks: one genuine delivery, one forged.
        var now = DateTimeOffset.UtcNow;
        var body = Encoding.UTF8.GetBytes("""{"type":"customer.endorsement.granted","timestamp":"2026-01-15T10:30:00Z","data":{"id":"cst_1"}}""");
        var signature = new OmsWebhookSigner(WebhookSecret).Sign("msg_telemetry", now, body);
        var verifierOptions = new OmsWebhookVerifierOptions { Secrets = [WebhookSecret] };
        _emitted.Add(verifierOptions.ToString());
        var verifier = new OmsWebhookVerifier(verifierOptions);
        string? Headers(string name, string sig) => name switch
        {
            OmsWebhookVerifier.IdHeader => "msg_telemetry",
            OmsWebhookVerifier.TimestampHeader => now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            OmsWebhookVerifier.SignatureHeader => sig,
            _ => null,
        };
        Assert.True(verifier.TryVerify(body, n => Headers(n, signature), out _));
        Keep(Assert.Throws<OmsWebhookSignatureException>(() => verifier.VerifyAndParse(body, n => Headers(n, "v1,AAAA" + signature[7..]))));
    }

    private const string Redacted = "[redacted]";

    private void Keep(Exception ex)
    {
        _emitted.Add(ex.ToString());
        if (ex is OmsApiException api)
        {
            _emitted.Add(api.RawBody ?? string.Empty);
            _emitted.Add(api.ErrorMessage ?? string.Empty);
        }
    }

    [Fact]
    public async Task No_secret_or_write_only_pii_appears_in_logs_spans_metrics_exceptions_or_to_string()
    {
        await RunFlowAsync();

        var everything = _capture.AllText().Concat(_emitted).ToList();
        Assert.NotEmpty(_capture.Spans);
        Assert.NotEmpty(_capture.Measurements);
        Assert.NotEmpty(_capture.LogRecords);
        foreach (var secret in Secrets)
        {
            var leak = everything.FirstOrDefault(text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{secret}' leaked in: {leak}");
        }
    }

    [Fact]
    public async Task Each_operation_is_one_span_with_its_http_attempts_as_children()
    {
        await RunFlowAsync();

        var spans = _capture.Spans.ToList();
        var failedCreate = Assert.Single(spans, s => s.OperationName == "oms.customers.create" && Equals(s.GetTagItem("oms.idempotency_key"), "key-telemetry-1"));
        Assert.Equal(ActivityStatusCode.Error, failedCreate.Status);
        Assert.Equal(2, failedCreate.GetTagItem("oms.attempts"));
        Assert.Equal(422, failedCreate.GetTagItem("http.response.status_code"));
        Assert.Equal("req_422", failedCreate.GetTagItem("oms.request_id"));
        Assert.Equal("validation_error", failedCreate.GetTagItem("oms.error.code"));
        Assert.Equal("OmsValidationException", failedCreate.GetTagItem("error.type"));

        var created = Assert.Single(spans, s => s.OperationName == "oms.customers.create" && Equals(s.GetTagItem("oms.idempotency_key"), "key-telemetry-2"));
        Assert.Equal("cst_new", created.GetTagItem("oms.customer.id"));
        Assert.Equal(ActivityStatusCode.Unset, created.Status);
        Assert.Equal("req_201", created.GetTagItem("oms.request_id"));

        var get = Assert.Single(spans, s => s.OperationName == "oms.customers.get" && Equals(s.GetTagItem("oms.customer.id"), "cst_1"));
        Assert.Equal(200, get.GetTagItem("http.response.status_code"));
        Assert.Equal("success", get.GetTagItem("oms.outcome"));

        Assert.Contains(spans, s => s.OperationName == "oms.customers.create" && Equals(s.GetTagItem("error.type"), "OmsConnectionException") && Equals(s.GetTagItem("oms.attempts"), 4));
        Assert.Contains(spans, s => s.OperationName == "oms.customers.get" && Equals(s.GetTagItem("error.type"), "OmsTimeoutException") && Equals(s.GetTagItem("oms.customer.id"), "cst_slow"));
        var list = Assert.Single(spans, s => s.OperationName == "oms.customers.list");
        Assert.Equal("OmsRateLimitedException", list.GetTagItem("error.type"));

        Assert.Contains(spans, s => s.OperationName == "oms.webhooks.verify" && Equals(s.GetTagItem("oms.webhook.result"), "success"));
        Assert.Contains(spans, s => s.OperationName == "oms.webhooks.verify" && Equals(s.GetTagItem("oms.webhook.result"), "no_matching_signature") && s.Status == ActivityStatusCode.Error);

        // HttpClient's own spans (ActivitySource System.Net.Http, with url.full) under the SDK's: .NET 9 added them.
#if NETFRAMEWORK
        Assert.Skip("The SDK's spans are checked above; .NET Framework's HttpClient emits no System.Net.Http spans (.NET 9 added them) to be their children.");
#else
        Assert.SkipWhen(Environment.Version.Major < 9, "The SDK's spans are checked above; .NET 8's HttpClient emits no System.Net.Http spans (added in .NET 9) to be their children.");
#endif
        var children = spans.Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == failedCreate.SpanId).ToList();
        Assert.Equal(2, children.Count(c => c.GetTagItem("url.full") is string url && url.EndsWith("/v0.9/customers", StringComparison.Ordinal)));
        Assert.Single(children, c => c.GetTagItem("url.full") is string url && url.EndsWith("/auth/token", StringComparison.Ordinal)); // the first call fetches the token
        var getChildren = spans.Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == get.SpanId).ToList();
        Assert.Equal(2, getChildren.Count(c => c.GetTagItem("url.full") is string url && url.EndsWith("/customers/cst_1", StringComparison.Ordinal))); // the 401 and its replay
        Assert.Single(getChildren, c => c.GetTagItem("url.full") is string url && url.EndsWith("/auth/token", StringComparison.Ordinal)); // the refresh between them
    }

    [Fact]
    public async Task Metrics_count_operations_retries_token_refreshes_and_verifications()
    {
        await RunFlowAsync();

        var m = _capture.Measurements.ToList();
        Assert.Contains(m, x => x.Instrument == "oms.client.operations" && Equals(x.Tag("oms.operation"), "customers.create") && Equals(x.Tag("oms.outcome"), "OmsValidationException"));
        Assert.Contains(m, x => x.Instrument == "oms.client.operations" && Equals(x.Tag("oms.operation"), "customers.create") && Equals(x.Tag("oms.outcome"), "success"));
        Assert.Contains(m, x => x.Instrument == "oms.client.operation.duration" && Equals(x.Tag("oms.operation"), "customers.get"));
        Assert.Contains(m, x => x.Instrument == "oms.client.retries" && Equals(x.Tag("oms.operation"), "customers.create") && Equals(x.Tag("oms.retry.reason"), "503"));
        Assert.Contains(m, x => x.Instrument == "oms.client.retries" && Equals(x.Tag("oms.retry.reason"), "connection"));
        Assert.Contains(m, x => x.Instrument == "oms.client.retries" && Equals(x.Tag("oms.retry.reason"), "timeout"));
        Assert.True(m.Count(x => x.Instrument == "oms.client.token.refreshes" && Equals(x.Tag("oms.outcome"), "success")) >= 2);
        Assert.Contains(m, x => x.Instrument == "oms.webhooks.verifications" && Equals(x.Tag("oms.webhook.result"), "success"));
        Assert.Contains(m, x => x.Instrument == "oms.webhooks.verifications" && Equals(x.Tag("oms.webhook.result"), "no_matching_signature"));
        Assert.DoesNotContain(m, x => x.Tags.Any(t => t.Key is "oms.idempotency_key" or "oms.customer.id" or "oms.request_id"));
    }

    [Fact]
    public async Task Logs_say_attempts_at_debug_refreshes_at_information_retries_at_warning_and_failures_at_error()
    {
        await RunFlowAsync();

        var logs = _capture.LogRecords.Where(l => l.Category == "Oms.Sdk").ToList();
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message.StartsWith("Sending customers.create attempt 1: POST", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message.StartsWith("Exchanged the API key for a bearer token", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Debug && l.Message.Contains("Retrying customers.create", StringComparison.Ordinal) && l.Message.Contains("after 503", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Warning && l.Message.Contains("customers.create failed after 2 attempt(s): OmsValidationException", StringComparison.Ordinal) && l.Message.Contains("key-telemetry-1", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == LogLevel.Warning && l.Message.Contains("customers.list failed after 1 attempt(s): OmsRateLimitedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_formatted_when_the_level_is_off()
    {
        var logger = new SilentLogger();
        using var factory = new SingleLoggerFactory(logger);
        _oms.GivenSequence("POST", "/customers", OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"), OmsWireMock.Json(HttpStatusCode.NotFound, "{}"));
        using var client = _oms.Client(o => o.LoggerFactory = factory);

        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: _ct));

        Assert.True(logger.EnabledChecks > 0, "the SDK never asked whether logging was enabled");
        Assert.True(logger.LogCalls.IsEmpty, "formatted anyway: " + string.Join(", ", logger.LogCalls));
    }

    private sealed class SilentLogger : ILogger
    {
        public int EnabledChecks;
        public System.Collections.Concurrent.ConcurrentBag<string> LogCalls { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel)
        {
            Interlocked.Increment(ref EnabledChecks);
            return false;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            LogCalls.Add($"{logLevel} {eventId.Name}: {formatter(state, exception)}");
    }

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
