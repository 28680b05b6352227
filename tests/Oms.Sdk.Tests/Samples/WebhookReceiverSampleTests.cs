using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Oms.Sdk.Samples.WebhookReceiver;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Samples;

/// <summary>
/// The WebhookReceiver sample's real host on a free loopback port, fed by <see cref="FakeOmsServer"/> over real HTTP:
/// the fake grants an endorsement and delivers the signed webhook, exactly as OMS would.
/// </summary>
public sealed class WebhookReceiverSampleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_granted_endorsement_is_delivered_and_unlocks_the_customers_features_once()
    {
        await using var scenario = await Scenario.StartAsync();
        Assert.Empty((await scenario.Receiver.FeaturesAsync(scenario.CustomerId)).Features);

        var sent = await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Usd, Ct);

        var delivery = Assert.Single(sent.Deliveries);
        Assert.Equal(HttpStatusCode.NoContent, Assert.Single(delivery.Attempts).StatusCode);
        var features = await scenario.Receiver.FeaturesAsync(scenario.CustomerId);
        Assert.Equal(["usd-stablecoins", "virtual-accounts"], features.Features);
        Assert.Equal(sent.Id, Assert.Single(features.Grants).WebhookId);
        Assert.Contains(
            scenario.Receiver.Logs(),
            l => l.Level == LogLevel.Information && l.Message.Contains($"OMS granted customer {scenario.CustomerId} the endorsement usd; it now holds Usd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delivery_with_one_body_byte_changed_is_refused_400_and_unlocks_nothing()
    {
        await using var scenario = await Scenario.StartAsync();
        var sent = await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Usd, Ct);
        var body = Encoding.UTF8.GetBytes(sent.Body);

        // Point the event at another customer: one byte, the last of the customer id inside the signed body.
        var at = sent.Body.IndexOf(scenario.CustomerId, StringComparison.Ordinal) + scenario.CustomerId.Length - 1;
        Assert.True(at > 0, sent.Body);
        var tampered = (byte[])body.Clone();
        tampered[at] = (byte)(tampered[at] == 'A' ? 'B' : 'A');
        var forgedCustomerId = Encoding.UTF8.GetString(tampered.AsSpan(at - scenario.CustomerId.Length + 1, scenario.CustomerId.Length));

        using var response = await scenario.Receiver.ReplayAsync(tampered, sent.Deliveries[0].Attempts[0].Headers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(scenario.Receiver.Logs(), l => l.Message.Contains(nameof(OmsWebhookVerificationFailure.NoMatchingSignature), StringComparison.Ordinal));
        Assert.Empty((await scenario.Receiver.FeaturesAsync(forgedCustomerId)).Grants);
        Assert.Single((await scenario.Receiver.FeaturesAsync(scenario.CustomerId)).Grants);
    }

    [Fact]
    public async Task The_same_delivery_sent_again_is_acknowledged_but_handled_once()
    {
        await using var scenario = await Scenario.StartAsync();
        var sent = await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Usd, Ct);

        using var replayed = await scenario.Receiver.ReplayAsync(Encoding.UTF8.GetBytes(sent.Body), sent.Deliveries[0].Attempts[0].Headers);

        Assert.Equal(HttpStatusCode.NoContent, replayed.StatusCode);
        var grant = Assert.Single((await scenario.Receiver.FeaturesAsync(scenario.CustomerId)).Grants);
        Assert.Equal(sent.Id, grant.WebhookId);
    }

    [Fact]
    public async Task Each_grant_unlocks_its_own_features()
    {
        await using var scenario = await Scenario.StartAsync();

        await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Basic, Ct);
        await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Usd, Ct);

        var features = await scenario.Receiver.FeaturesAsync(scenario.CustomerId);
        Assert.Equal(["payments", "usd-stablecoins", "virtual-accounts"], features.Features);
        Assert.Equal(["Basic", "Basic,Usd"], features.Grants.Select(g => string.Join(',', g.Endorsements)));
    }

    [Fact]
    public async Task Two_receivers_sharing_a_Redis_handle_a_delivery_once_between_them()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var scenario = await Scenario.StartAsync(redis.Configuration);
        await using var second = await RunningReceiver.StartAsync(scenario.Oms.WebhookSecret, redis.Configuration);
        var sent = await scenario.Oms.GrantEndorsementAsync(scenario.CustomerId, Endorsement.Usd, Ct);

        // OMS's retry of the same delivery lands on the other receiver.
        using var retry = await second.ReplayAsync(Encoding.UTF8.GetBytes(sent.Body), sent.Deliveries[0].Attempts[0].Headers);

        Assert.Equal(HttpStatusCode.NoContent, Assert.Single(sent.Deliveries[0].Attempts).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Single((await scenario.Receiver.FeaturesAsync(scenario.CustomerId)).Grants);
        Assert.Empty((await second.FeaturesAsync(scenario.CustomerId)).Grants);
        Assert.IsType<RedisOmsWebhookInbox>(second.Inbox);
        Assert.Contains(second.Logs(), l => l.Message.Contains($"Dropped a duplicate of OMS webhook delivery {sent.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_Redis_the_sample_keeps_its_inbox_in_memory()
    {
        await using var scenario = await Scenario.StartAsync();

        Assert.IsType<InMemoryOmsWebhookInbox>(scenario.Receiver.Inbox);
    }

    [Fact]
    public void The_sample_refuses_to_start_without_a_webhook_secret()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReceiverApp.Build(["--urls", "http://127.0.0.1:0"]));

        Assert.Contains("Oms__WebhookSecret", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fake OMS in manual endorsement mode, the sample receiver registered with it, and one customer with pending endorsements.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private Scenario(FakeOmsServer oms, RunningReceiver receiver, string customerId)
        {
            Oms = oms;
            Receiver = receiver;
            CustomerId = customerId;
        }

        public FakeOmsServer Oms { get; }

        public RunningReceiver Receiver { get; }

        public string CustomerId { get; }

        public static async Task<Scenario> StartAsync(string? redis = null)
        {
            var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, WebhookRetryDelays = [] });
            try
            {
                var receiver = await RunningReceiver.StartAsync(oms.WebhookSecret, redis);
                oms.AddWebhookReceiver(receiver.WebhookUrl);
                using var client = new OmsClient(oms.CreateClientOptions());
                var customer = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
                Assert.False(customer.HasEndorsement(Endorsement.Usd));
                return new Scenario(oms, receiver, customer.Id);
            }
            catch
            {
                await oms.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Receiver.DisposeAsync();
            await Oms.DisposeAsync();
        }
    }

    /// <summary>The sample's own host (<see cref="ReceiverApp.Build"/>), started on a free port of 127.0.0.1.</summary>
    private sealed class RunningReceiver : IAsyncDisposable
    {
        // As the sample writes it: endorsements by their OMS names.
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

        private readonly LoopbackApp _host;
        private readonly FakeLogCollector _logs;

        private RunningReceiver(LoopbackApp host, FakeLogCollector logs)
        {
            _host = host;
            _logs = logs;
            WebhookUrl = new Uri(host.Client.BaseAddress!, ReceiverApp.WebhookPath);
        }

        public Uri WebhookUrl { get; }

        public static async Task<RunningReceiver> StartAsync(string webhookSecret, string? redis = null)
        {
            // As on the command line; the console log is silenced, the sample's log is collected instead.
            string[] args = ["--urls", "http://127.0.0.1:0", "--Oms:WebhookSecret", webhookSecret, "--Logging:Console:LogLevel:Default", "None"];
            var app = ReceiverApp.Build(redis is null ? args : [.. args, "--ConnectionStrings:Redis", redis]);
            var logs = new FakeLogCollector();
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new FakeLoggerProvider(logs));
            return new RunningReceiver(await LoopbackApp.StartAsync(app, Ct), logs);
        }

        public IReadOnlyList<FakeLogRecord> Logs() => _logs.GetSnapshot();

        public IOmsWebhookInbox Inbox => _host.App.Services.GetRequiredService<IOmsWebhookInbox>();

        public async Task<CustomerFeatures> FeaturesAsync(string customerId) =>
            (await _host.Client.GetFromJsonAsync<CustomerFeatures>($"/customers/{Uri.EscapeDataString(customerId)}/features", Json, Ct))!;

        /// <summary>Sends a delivery again, as an attacker or a retrying sender would: these body bytes, these headers.</summary>
        public Task<HttpResponseMessage> ReplayAsync(byte[] body, IReadOnlyDictionary<string, string> headers)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = new ByteArrayContent(body) };
            foreach (var (name, value) in headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return _host.Client.SendAsync(request, Ct);
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }
}
