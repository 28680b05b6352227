using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>The endpoint on a real Kestrel server bound to a free loopback port.</summary>
public sealed partial class OmsWebhookEndpointTests
{
    private const string Path = "/webhooks/oms";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_granted_event_goes_to_its_handler_and_the_catch_all_and_is_answered_204()
    {
        await using var receiver = await Receiver.StartAsync();
        var delivery = Signed(Envelope(CustomerEndorsementGrantedEvent.EventType, CustomerJson()), id: "msg_granted");

        using var response = await receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var granted = Assert.IsType<CustomerEndorsementGrantedEvent>(Assert.Single(receiver.Calls.Of<CustomerEndorsementGrantedEvent>()));
        Assert.Equal("cst_01H9Xa8F5dN6mP3q", granted.Customer.Id);
        Assert.Equal([Endorsement.Usd], granted.HeldEndorsements);
        Assert.Same(granted, Assert.Single(receiver.Calls.Of<OmsWebhookEvent>()));
        Assert.Empty(receiver.Calls.Of<CustomerEvent>());
    }

    [Fact]
    public async Task Each_event_type_is_dispatched_to_its_own_handlers()
    {
        await using var receiver = await Receiver.StartAsync();

        using var r1 = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_a"));
        using var r2 = await receiver.PostAsync(Signed(Envelope("wallet.depositDetected", """{"walletId": "wlt_1"}"""), id: "msg_b"));
        using var r3 = await receiver.PostAsync(Signed(Envelope(CustomerEndorsementGrantedEvent.EventType, CustomerJson()), id: "msg_c"));

        Assert.All([r1, r2, r3], r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal("msg_a", Assert.Single(receiver.Calls.Of<CustomerEvent>()).WebhookId);
        Assert.Equal("wlt_1", Assert.IsType<UnknownOmsEvent>(Assert.Single(receiver.Calls.Of<UnknownOmsEvent>())).Data.GetProperty("walletId").GetString());
        Assert.Equal("msg_c", Assert.Single(receiver.Calls.Of<CustomerEndorsementGrantedEvent>()).WebhookId);
        Assert.Equal(["msg_a", "msg_b", "msg_c"], receiver.Calls.Of<OmsWebhookEvent>().Select(e => e.WebhookId));
    }

    [Fact]
    public async Task An_event_without_a_handler_is_acknowledged()
    {
        await using var receiver = await Receiver.StartAsync(registerHandlers: false);

        using var response = await receiver.PostAsync(Signed(Envelope("transaction.cryptoToCrypto.completed", "{}")));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(receiver.Logs(), l => l.Message.Contains("No handler is registered for OMS webhook event transaction.cryptoToCrypto.completed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_signature_is_answered_400_with_no_detail_and_the_reason_is_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        var forged = Signed(Envelope("customer.updated", CustomerJson()), secret: UnrelatedOmsSecret, id: "msg_forged");

        using var response = await receiver.PostAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Empty(receiver.Calls.All);
        var log = Assert.Single(receiver.Logs(), l => l.Level == LogLevel.Warning);
        Assert.Contains("NoMatchingSignature", log.Message, StringComparison.Ordinal);
        Assert.Contains("msg_forged", log.Message, StringComparison.Ordinal);
        Assert.Contains("raw request body", log.Message, StringComparison.Ordinal);
        Assert.All(receiver.Logs(), l => Assert.DoesNotContain(OmsSecret["whsec_".Length..], l.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OmsWebhookVerifier.IdHeader, OmsWebhookVerificationFailure.MissingIdHeader)]
    [InlineData(OmsWebhookVerifier.TimestampHeader, OmsWebhookVerificationFailure.MissingTimestampHeader)]
    [InlineData(OmsWebhookVerifier.SignatureHeader, OmsWebhookVerificationFailure.MissingSignatureHeader)]
    public async Task A_missing_header_is_answered_400(string header, OmsWebhookVerificationFailure reason)
    {
        await using var receiver = await Receiver.StartAsync();

        using var response = await receiver.PostAsync(Signed("{}"), omit: header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains(receiver.Logs(), l => l.Message.Contains(reason.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_delivery_is_answered_400()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Clock.Advance(TimeSpan.FromSeconds(301));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(receiver.Logs(), l => l.Message.Contains(nameof(OmsWebhookVerificationFailure.TimestampTooOld), StringComparison.Ordinal));
        Assert.Empty(receiver.Calls.All);
    }

    [Fact]
    public async Task An_authentic_delivery_that_is_not_an_envelope_is_answered_400_and_logged_as_an_error()
    {
        await using var receiver = await Receiver.StartAsync();

        using var response = await receiver.PostAsync(Signed("[1, 2, 3]", id: "msg_array"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        var log = Assert.Single(receiver.Logs(), l => l.Level == LogLevel.Error);
        Assert.Contains("msg_array", log.Message, StringComparison.Ordinal);
        Assert.IsType<OmsWebhookPayloadException>(log.Exception);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_answered_413_by_content_length()
    {
        await using var receiver = await Receiver.StartAsync(configure: o => o.MaxBodySize = 1024);
        var big = Signed(Envelope("wallet.depositDetected", $"\"{new string('x', 4096)}\""));

        using var response = await receiver.PostAsync(big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(receiver.Calls.All);
        Assert.Contains(receiver.Logs(), l => l.Message.Contains("413", StringComparison.Ordinal) && l.Message.Contains("1024", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_answered_413_while_reading()
    {
        await using var receiver = await Receiver.StartAsync(configure: o => o.MaxBodySize = 1024);
        var big = Signed(Envelope("wallet.depositDetected", $"\"{new string('x', 4096)}\""));

        using var response = await receiver.PostAsync(big, chunked: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(receiver.Calls.All);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_exactly_at_the_limit_is_accepted(bool chunked)
    {
        var delivery = Signed(Envelope("wallet.depositDetected", $"\"{new string('x', 2000)}\""));
        await using var receiver = await Receiver.StartAsync(configure: o => o.MaxBodySize = delivery.Body.Length);

        using var response = await receiver.PostAsync(delivery, chunked);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(receiver.Calls.Of<UnknownOmsEvent>());
    }

    [Fact]
    public async Task The_same_delivery_twice_runs_the_handler_once()
    {
        await using var receiver = await Receiver.StartAsync();
        var delivery = Signed(Envelope(CustomerEndorsementGrantedEvent.EventType, CustomerJson()), id: "msg_twice");

        using var first = await receiver.PostAsync(delivery);
        using var second = await receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Single(receiver.Calls.Of<CustomerEndorsementGrantedEvent>());
        Assert.Contains(receiver.Logs(), l => l.Message.Contains("Dropped a duplicate of OMS webhook delivery msg_twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_handler_is_answered_500_and_the_retry_is_processed()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Calls.FailNext = 1;
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_retry");

        using var failed = await receiver.PostAsync(delivery);
        using var retried = await receiver.PostAsync(delivery);
        using var duplicate = await receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, duplicate.StatusCode);
        Assert.Equal(2, receiver.Calls.Of<CustomerEvent>().Count);
        var log = Assert.Single(receiver.Logs(), l => l.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(log.Exception);
    }

    [Fact]
    public async Task Invalid_options_fail_start_up_without_revealing_the_secret()
    {
        const string BadSecret = "whsec_this-is-not-a-valid-secret!";

        var e = await Assert.ThrowsAsync<OptionsValidationException>(
            () => Receiver.StartAsync(configure: o => { o.Secrets = [OmsSecret, BadSecret]; o.MaxBodySize = 0; o.InboxRetention = TimeSpan.FromMinutes(1); }));

        Assert.Contains("OmsWebhookOptions.Secrets[1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBodySize", e.Message, StringComparison.Ordinal);
        Assert.Contains("InboxRetention", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("this-is-not-a-valid-secret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OmsSecret["whsec_".Length..], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_post_is_mapped()
    {
        await using var receiver = await Receiver.StartAsync();

        using var response = await receiver.Client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public void Mapping_without_AddOmsWebhooks_fails_with_a_clear_message()
    {
        using var app = WebApplication.CreateSlimBuilder().Build();

        var e = Assert.Throws<InvalidOperationException>(() => app.MapOmsWebhooks(Path));

        Assert.Contains("AddOmsWebhooks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_redacts_the_secrets()
    {
        var text = new OmsWebhookOptions { Secrets = [OmsSecret] }.ToString();

        Assert.DoesNotContain(OmsSecret["whsec_".Length..], text, StringComparison.Ordinal);
        Assert.Contains("[1 × [redacted]]", text, StringComparison.Ordinal);
    }

    /// <summary>A running receiver app with recording handlers for every event type.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly LoopbackApp _host;

        private Receiver(LoopbackApp host, FakeTimeProvider clock)
        {
            _host = host;
            Clock = clock;
        }

        public FakeTimeProvider Clock { get; }

        public HttpClient Client => _host.Client;

        public HandlerCalls Calls => Service<HandlerCalls>();

        public static async Task<Receiver> StartAsync(
            Action<OmsWebhookOptions>? configure = null, Action<IServiceCollection>? services = null, bool registerHandlers = true)
        {
            var clock = ClockAt(SpecTime);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders().AddFakeLogging();
            builder.Services.AddSingleton<HandlerCalls>();
            builder.Services.AddOmsWebhooks(o =>
            {
                o.Secrets = [OmsSecret];
                o.TimeProvider = clock;
                configure?.Invoke(o);
            });
            if (registerHandlers)
            {
                builder.Services
                    .AddOmsWebhookHandler<CustomerEndorsementGrantedEvent, RecordingHandler<CustomerEndorsementGrantedEvent>>()
                    .AddOmsWebhookHandler<CustomerEvent, RecordingHandler<CustomerEvent>>()
                    .AddOmsWebhookHandler<UnknownOmsEvent, RecordingHandler<UnknownOmsEvent>>()
                    .AddOmsWebhookHandler<OmsWebhookEvent, RecordingHandler<OmsWebhookEvent>>();
            }

            services?.Invoke(builder.Services);
            var app = builder.Build();
            app.MapOmsWebhooks(Path);
            return new Receiver(await LoopbackApp.StartAsync(app, Ct), clock);
        }

        public T Service<T>() where T : notnull => _host.App.Services.GetRequiredService<T>();

        public IReadOnlyList<FakeLogRecord> Logs(LogLevel? level = null) =>
            [.. _host.App.Services.GetFakeLogCollector().GetSnapshot().Where(l => l.Category == OmsWebhookLog.Category && (level is null || l.Level == level))];

        public Task<HttpResponseMessage> PostAsync(Delivery delivery, bool chunked = false, string? omit = null) => SendAsync(delivery, chunked, omit, Ct);

        /// <summary>Posts with the caller's token, to play a sender that stops waiting.</summary>
        public Task<HttpResponseMessage> PostUntilAsync(Delivery delivery, CancellationToken cancellationToken) => SendAsync(delivery, chunked: false, omit: null, cancellationToken);

        private Task<HttpResponseMessage> SendAsync(Delivery delivery, bool chunked, string? omit, CancellationToken cancellationToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Path)
            {
                Content = chunked ? new ChunkedContent(delivery.Body) : new ByteArrayContent(delivery.Body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in delivery.HeaderDictionary.Where(h => h.Key != omit))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return Client.SendAsync(request, cancellationToken);
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }

    /// <summary>Every event any recording handler saw, in order; <see cref="FailNext"/> makes the next handler calls throw.</summary>
    private sealed class HandlerCalls
    {
        private readonly ConcurrentQueue<(Type HandlerEvent, OmsWebhookEvent Event)> _calls = new();
        private int _failNext;

        public int FailNext { get => _failNext; set => _failNext = value; }

        public IReadOnlyList<OmsWebhookEvent> All => [.. _calls.Select(c => c.Event)];

        public IReadOnlyList<OmsWebhookEvent> Of<TEvent>() => [.. _calls.Where(c => c.HandlerEvent == typeof(TEvent)).Select(c => c.Event)];

        public void Record<TEvent>(TEvent evt) where TEvent : OmsWebhookEvent
        {
            _calls.Enqueue((typeof(TEvent), evt));
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                throw new InvalidOperationException("handler failed on purpose");
            }
        }
    }

    private sealed class RecordingHandler<TEvent>(HandlerCalls calls) : IOmsWebhookHandler<TEvent>
        where TEvent : OmsWebhookEvent
    {
        public Task HandleAsync(TEvent evt, CancellationToken cancellationToken)
        {
            calls.Record(evt);
            return Task.CompletedTask;
        }
    }

    /// <summary>Content of unknown length, so the client sends it chunked.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body, 0, body.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
