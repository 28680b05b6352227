using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>
/// Claim, then complete or release: the answers of the endpoint in each state of a delivery, on the in-process inbox and
/// on a real Redis, including the lost-event scenario of issue #13 (a retry that arrives while the first attempt runs).
/// </summary>
public sealed partial class OmsWebhookEndpointTests
{
    public static TheoryData<string> Stores => ["memory", "redis"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_retry_while_the_first_attempt_runs_is_refused_409_then_the_failure_is_500_and_the_next_retry_is_handled_once(string store)
    {
        await using var fixture = await GatedReceiver.StartAsync(store);
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_lost");
        fixture.Gate.Fail(0);

        var first = fixture.Receiver.PostAsync(delivery);
        await fixture.Gate.EnteredAsync(0);
        using var retryWhileRunning = await fixture.Receiver.PostAsync(delivery);
        fixture.Gate.Let(0);
        using var failed = await first;
        fixture.Gate.Let(1);
        using var retry = await fixture.Receiver.PostAsync(delivery);
        using var copy = await fixture.Receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.Conflict, retryWhileRunning.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(35), retryWhileRunning.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, copy.StatusCode);
        Assert.Equal(2, fixture.Gate.Started);
        Assert.Equal(1, fixture.Gate.Completed);
        Assert.Contains(fixture.Receiver.Logs(), l => l.Message.Contains("Another attempt is handling OMS webhook delivery msg_lost", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_copy_during_a_successful_attempt_gets_409_and_copies_after_it_get_204_without_running_handlers(string store)
    {
        await using var fixture = await GatedReceiver.StartAsync(store);
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_slow_ok");

        var first = fixture.Receiver.PostAsync(delivery);
        await fixture.Gate.EnteredAsync(0);
        using var during = await fixture.Receiver.PostAsync(delivery);
        fixture.Gate.Let(0);
        using var succeeded = await first;
        using var after = await fixture.Receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.Conflict, during.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, succeeded.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.Equal(1, fixture.Gate.Started);
        Assert.Equal(1, fixture.Gate.Completed);
    }

    [Fact]
    public async Task A_sender_that_stops_waiting_does_not_cancel_the_handler_and_its_retry_finds_the_work_done()
    {
        var inbox = new CompletionWatchingInbox(new InMemoryOmsWebhookInbox());
        await using var fixture = await GatedReceiver.StartAsync("memory", inbox: inbox);
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_impatient");
        using var impatience = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = fixture.Receiver.PostUntilAsync(delivery, impatience.Token);
        await fixture.Gate.EnteredAsync(0);
        await impatience.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        fixture.Gate.Let(0);
        await fixture.Gate.CompletedAsync(0);
        // The handler returning is not the end of the attempt: the endpoint then records the delivery as done in the
        // inbox. A retry sent between the two would rightly get 409, so wait for the record, as a sender's
        // Retry-After would.
        Assert.Equal(OmsWebhookCompleteResult.Completed, await inbox.Completed.WaitAsync(Ct));
        using var retry = await fixture.Receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal(1, fixture.Gate.Started);
    }

    [Fact]
    public async Task A_handler_that_overruns_HandlerTimeout_is_cancelled_answered_500_and_the_retry_is_handled()
    {
        await using var fixture = await GatedReceiver.StartAsync("memory", o => o.HandlerTimeout = TimeSpan.FromSeconds(3));
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_overrun");

        var first = fixture.Receiver.PostAsync(delivery);
        await fixture.Gate.EnteredAsync(0);
        fixture.Receiver.Clock.Advance(TimeSpan.FromSeconds(3));
        using var timedOut = await first;
        fixture.Gate.Let(1);
        using var retry = await fixture.Receiver.PostAsync(delivery);

        Assert.Equal(HttpStatusCode.InternalServerError, timedOut.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal(1, fixture.Gate.Completed);
        Assert.Contains(fixture.Receiver.Logs(LogLevel.Error), l => l.Message.Contains("did not finish within OmsWebhookOptions.HandlerTimeout (00:00:03)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_inbox_cannot_claim_the_answer_is_503_with_Retry_After_and_no_handler_runs()
    {
        var inbox = new ScriptedInbox { FailClaim = true };
        await using var receiver = await Receiver.StartAsync(services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_store_down"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Empty(receiver.Calls.All);
        Assert.Contains(receiver.Logs(LogLevel.Error), l => l.Message.Contains("answered 503 without running handlers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_inbox_cannot_record_done_the_handled_event_is_still_acknowledged()
    {
        var inbox = new ScriptedInbox { FailComplete = true };
        await using var receiver = await Receiver.StartAsync(services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_no_done"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(receiver.Calls.Of<CustomerEvent>());
        Assert.Contains(receiver.Logs(LogLevel.Error), l => l.Message.Contains("could not record it as done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_inbox_cannot_release_a_failed_claim_the_answer_is_still_500()
    {
        var inbox = new ScriptedInbox { FailRelease = true };
        await using var receiver = await Receiver.StartAsync(services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));
        receiver.Calls.FailNext = 1;

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_no_release"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(receiver.Logs(LogLevel.Error), l => l.Message.Contains("Could not release the claim on OMS webhook delivery msg_no_release", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_claim_found_lapsed_at_completion_is_acknowledged_and_warned_about()
    {
        var inbox = new ScriptedInbox { CompleteResult = OmsWebhookCompleteResult.NotOwner };
        await using var receiver = await Receiver.StartAsync(services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_lapsed"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(receiver.Logs(LogLevel.Warning), l => l.Message.Contains("after its claim's lease (00:00:35) had lapsed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_inbox_is_claimed_with_a_lease_of_HandlerTimeout_plus_5_s_and_completed_with_twice_the_tolerance()
    {
        var inbox = new ScriptedInbox();
        await using var receiver = await Receiver.StartAsync(
            configure: o => { o.Tolerance = TimeSpan.FromMinutes(3); o.HandlerTimeout = TimeSpan.FromSeconds(3); },
            services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_custom"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (id, owner, lease) = Assert.Single(inbox.Claims);
        Assert.Equal(("msg_custom", TimeSpan.FromSeconds(8)), (id, lease));
        Assert.Equal((id, owner, TimeSpan.FromMinutes(6)), Assert.Single(inbox.Completions));
    }

    [Fact]
    public async Task Every_attempt_claims_with_its_own_owner_token()
    {
        var inbox = new ScriptedInbox { ClaimResult = OmsWebhookClaimResult.InProgress };
        await using var receiver = await Receiver.StartAsync(services: s => s.AddSingleton<IOmsWebhookInbox>(inbox));
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_owners");

        using var a = await receiver.PostAsync(delivery);
        using var b = await receiver.PostAsync(delivery);

        Assert.Equal(2, inbox.Claims.Select(c => c.Owner).Distinct().Count());
        Assert.Empty(receiver.Calls.All);
    }

    [Fact]
    public async Task The_default_inbox_is_in_memory_and_a_registered_one_wins_whether_registered_before_or_after()
    {
        await using (var plain = await Receiver.StartAsync())
        {
            Assert.IsType<InMemoryOmsWebhookInbox>(plain.Service<IOmsWebhookInbox>());
        }

        var before = new ServiceCollection().AddSingleton<IOmsWebhookInbox>(new ScriptedInbox()).AddOmsWebhooks(o => o.Secrets = [OmsSecret]);
        Assert.IsType<ScriptedInbox>(before.BuildServiceProvider().GetRequiredService<IOmsWebhookInbox>());

        await using var redis = await RedisServer.StartAsync(Ct);
        var after = new ServiceCollection().AddOmsWebhooks(o => o.Secrets = [OmsSecret]).AddOmsWebhookRedisInbox(redis.Configuration);
        var beforeRedis = new ServiceCollection().AddOmsWebhookRedisInbox(redis.Configuration).AddOmsWebhooks(o => o.Secrets = [OmsSecret]);
        await using var afterProvider = after.BuildServiceProvider();
        await using var beforeProvider = beforeRedis.BuildServiceProvider();
        Assert.IsType<RedisOmsWebhookInbox>(afterProvider.GetRequiredService<IOmsWebhookInbox>());
        Assert.IsType<RedisOmsWebhookInbox>(beforeProvider.GetRequiredService<IOmsWebhookInbox>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(16 * 60)]
    public async Task A_HandlerTimeout_out_of_range_fails_start_up(int seconds)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => Receiver.StartAsync(configure: o => o.HandlerTimeout = TimeSpan.FromSeconds(seconds)));

        Assert.Contains("OmsWebhookOptions.HandlerTimeout must be positive and at most 15 minutes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HandlerTimeout_defaults_to_30_s_and_the_lease_is_5_s_more()
    {
        var options = new OmsWebhookOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.HandlerTimeout);
        Assert.Equal(TimeSpan.FromSeconds(35), options.ClaimLease);
        options.HandlerTimeout = TimeSpan.FromSeconds(3);
        Assert.Equal(TimeSpan.FromSeconds(8), options.ClaimLease);
    }

    [Fact]
    public async Task The_registration_of_0_1_compiles_unchanged_and_the_Redis_registration_has_its_documented_signatures()
    {
        // Method groups pin the exact signatures a caller compiles against (issue #13).
        Func<IServiceCollection, Action<OmsWebhookOptions>, IServiceCollection> addWebhooks = OmsWebhookServiceCollectionExtensions.AddOmsWebhooks;
        Func<IServiceCollection, IServiceCollection> addHandler = OmsWebhookServiceCollectionExtensions.AddOmsWebhookHandler<CustomerEndorsementGrantedEvent, GrantedHandler>;
        Func<IEndpointRouteBuilder, string, IEndpointConventionBuilder> map = OmsWebhookEndpointRouteBuilderExtensions.MapOmsWebhooks;
        Func<IServiceCollection, string, IServiceCollection> addRedis = OmsWebhookRedisInboxServiceCollectionExtensions.AddOmsWebhookRedisInbox;
        Func<IServiceCollection, IConnectionMultiplexer, IServiceCollection> addRedisConnection = OmsWebhookRedisInboxServiceCollectionExtensions.AddOmsWebhookRedisInbox;
        Assert.All(new Delegate[] { addWebhooks, addHandler, map, addRedis, addRedisConnection }, d => Assert.NotNull(d));

        // And the chain as the README writes it, run.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddOmsWebhooks(o => o.Secrets = [OmsSecret]).AddOmsWebhookHandler<CustomerEndorsementGrantedEvent, GrantedHandler>();
        await using var app = builder.Build();
        var endpoint = app.MapOmsWebhooks("/webhooks/oms");

        Assert.NotNull(endpoint);
        using var scope = app.Services.CreateScope();
        Assert.IsType<GrantedHandler>(Assert.Single(scope.ServiceProvider.GetServices<IOmsWebhookHandler<CustomerEndorsementGrantedEvent>>()));
    }

    [Fact]
    public async Task On_Redis_a_stopped_server_is_answered_503_and_no_handler_runs()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var receiver = await Receiver.StartAsync(services: s => s.AddOmsWebhookRedisInbox(redis.Configuration, o => o.OperationTimeout = TimeSpan.FromMilliseconds(500)));
        using var warm = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_warm"));
        redis.Stop();

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_redis_down"));

        Assert.Equal(HttpStatusCode.NoContent, warm.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["msg_warm"], receiver.Calls.Of<CustomerEvent>().Select(e => e.WebhookId));
    }

    [Fact]
    public async Task On_Redis_a_server_that_was_never_up_is_answered_503_and_once_it_is_up_the_delivery_is_handled()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        redis.Stop();
        await using var receiver = await Receiver.StartAsync(services: s => s.AddOmsWebhookRedisInbox(redis.Configuration, o => o.OperationTimeout = TimeSpan.FromMilliseconds(500)));
        var delivery = Signed(Envelope("customer.updated", CustomerJson()), id: "msg_later");

        using var down = await receiver.PostAsync(delivery);
        await redis.RestartAsync(Ct);
        var up = await RetryUntilAsync(() => receiver.PostAsync(delivery), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, up.StatusCode);
        Assert.Single(receiver.Calls.Of<CustomerEvent>());
    }

    [Fact]
    public async Task On_Redis_a_paused_server_is_answered_503_within_the_timeout_and_no_handler_runs()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var receiver = await Receiver.StartAsync(services: s => s.AddOmsWebhookRedisInbox(redis.Configuration, o => o.OperationTimeout = TimeSpan.FromMilliseconds(300)));
        using var warm = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_warm"));
        await redis.PauseAsync(TimeSpan.FromSeconds(3));

        using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_redis_paused"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["msg_warm"], receiver.Calls.Of<CustomerEvent>().Select(e => e.WebhookId));
    }

    [Fact]
    public async Task On_Redis_a_delivery_costs_at_most_two_round_trips_counted_by_the_server()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        const string Prefix = "rt:";
        await using var receiver = await Receiver.StartAsync(services: s => s.AddOmsWebhookRedisInbox(redis.Configuration, o => o.KeyPrefix = Prefix));
        using var warm = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_warm")); // connects, loads the script
        await using var monitor = await RedisMonitor.StartAsync(redis.Port);

        const int Deliveries = 20;
        for (var i = 0; i < Deliveries; i++)
        {
            using var response = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: $"msg_rt_{i}"));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var duplicate = await receiver.PostAsync(Signed(Envelope("customer.updated", CustomerJson()), id: "msg_rt_0"));
        var commands = await monitor.StopAsync(redis.Admin);

        // Commands sent by clients (not those a script runs) that touch an inbox key: one request each.
        var perDelivery = commands.Where(c => c.Contains($"\"{Prefix}msg_rt_", StringComparison.Ordinal)).GroupBy(c => c[(c.IndexOf($"\"{Prefix}", StringComparison.Ordinal) + Prefix.Length + 1)..].Split('"')[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(HttpStatusCode.NoContent, duplicate.StatusCode);
        Assert.Equal(Deliveries, perDelivery.Count);
        Assert.All(perDelivery.Where(d => d.Key != "msg_rt_0"), d => Assert.Equal(2, d.Value));
        Assert.Equal(4, perDelivery["msg_rt_0"]); // its delivery (claim, complete), then the duplicate (failed claim, read)
        Assert.Equal(Deliveries, receiver.Calls.Of<CustomerEvent>().Count - 1);
    }

    private static async Task<HttpResponseMessage> RetryUntilAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (done(response) || attempt == 100)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(100, Ct);
        }
    }

    private sealed class GrantedHandler : IOmsWebhookHandler<CustomerEndorsementGrantedEvent>
    {
        public Task HandleAsync(CustomerEndorsementGrantedEvent evt, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A receiver whose <see cref="CustomerEvent"/> handler waits at a <see cref="HandlerGate"/>, on either store.</summary>
    private sealed class GatedReceiver : IAsyncDisposable
    {
        private readonly RedisServer? _redis;

        private GatedReceiver(Receiver receiver, HandlerGate gate, RedisServer? redis)
        {
            Receiver = receiver;
            Gate = gate;
            _redis = redis;
        }

        public Receiver Receiver { get; }

        public HandlerGate Gate { get; }

        public static async Task<GatedReceiver> StartAsync(string store, Action<OmsWebhookOptions>? configure = null, IOmsWebhookInbox? inbox = null)
        {
            var redis = store == "redis" ? await RedisServer.StartAsync(Ct) : null;
            var gate = new HandlerGate();
            var receiver = await Receiver.StartAsync(
                configure,
                services: s =>
                {
                    s.AddSingleton(gate).AddOmsWebhookHandler<CustomerEvent, GatedHandler>();
                    if (inbox is not null)
                    {
                        s.AddSingleton(inbox);
                    }

                    if (redis is not null)
                    {
                        s.AddOmsWebhookRedisInbox(redis.Configuration);
                    }
                },
                registerHandlers: false);
            return new GatedReceiver(receiver, gate, redis);
        }

        public async ValueTask DisposeAsync()
        {
            Gate.LetAll();
            await Receiver.DisposeAsync();
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }

    /// <summary>The in-memory inbox, telling the test when the endpoint has recorded a delivery as done.</summary>
    private sealed class CompletionWatchingInbox(IOmsWebhookInbox inner) : IOmsWebhookInbox
    {
        private readonly TaskCompletionSource<OmsWebhookCompleteResult> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<OmsWebhookCompleteResult> Completed => _completed.Task;

        public ValueTask<OmsWebhookClaimResult> TryClaimAsync(string webhookId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
            => inner.TryClaimAsync(webhookId, owner, lease, cancellationToken);

        public async ValueTask<OmsWebhookCompleteResult> CompleteAsync(string webhookId, string owner, TimeSpan retention, CancellationToken cancellationToken = default)
        {
            var result = await inner.CompleteAsync(webhookId, owner, retention, cancellationToken);
            _completed.TrySetResult(result);
            return result;
        }

        public ValueTask<OmsWebhookReleaseResult> ReleaseAsync(string webhookId, string owner, CancellationToken cancellationToken = default)
            => inner.ReleaseAsync(webhookId, owner, cancellationToken);
    }

    /// <summary>
    /// Holds the n-th handler call until the test lets it go (<see cref="Let"/>) and makes it fail if told so
    /// (<see cref="Fail"/>); counts calls started and completed.
    /// </summary>
    private sealed class HandlerGate
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _entered = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _go = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _completed = new();
        private readonly ConcurrentDictionary<int, bool> _fail = new();
        private int _started;
        private int _completedCount;

        public int Started => Volatile.Read(ref _started);

        public int Completed => Volatile.Read(ref _completedCount);

        public void Fail(int call) => _fail[call] = true;

        public void Let(int call) => Source(_go, call).TrySetResult();

        public void LetAll()
        {
            for (var i = 0; i < 8; i++)
            {
                Let(i);
            }
        }

        public Task EnteredAsync(int call) => Source(_entered, call).Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        public Task CompletedAsync(int call) => Source(_completed, call).Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _started) - 1;
            Source(_entered, call).TrySetResult();
            await Source(_go, call).Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (_fail.ContainsKey(call))
            {
                throw new InvalidOperationException($"handler call {call} failed on purpose");
            }

            Interlocked.Increment(ref _completedCount);
            Source(_completed, call).TrySetResult();
        }

        private static TaskCompletionSource Source(ConcurrentDictionary<int, TaskCompletionSource> sources, int call) =>
            sources.GetOrAdd(call, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed class GatedHandler(HandlerGate gate) : IOmsWebhookHandler<CustomerEvent>
    {
        public Task HandleAsync(CustomerEvent evt, CancellationToken cancellationToken) => gate.PassAsync(cancellationToken);
    }

    /// <summary>An inbox that records its calls and answers (or fails) as told.</summary>
    private sealed class ScriptedInbox : IOmsWebhookInbox
    {
        public bool FailClaim { get; init; }

        public bool FailComplete { get; init; }

        public bool FailRelease { get; init; }

        public OmsWebhookClaimResult ClaimResult { get; init; } = OmsWebhookClaimResult.Claimed;

        public OmsWebhookCompleteResult CompleteResult { get; init; } = OmsWebhookCompleteResult.Completed;

        public ConcurrentQueue<(string Id, string Owner, TimeSpan Lease)> Claims { get; } = new();

        public ConcurrentQueue<(string Id, string Owner, TimeSpan Retention)> Completions { get; } = new();

        public ValueTask<OmsWebhookClaimResult> TryClaimAsync(string webhookId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            Claims.Enqueue((webhookId, owner, lease));
            return FailClaim ? throw new InvalidOperationException("store down on purpose") : ValueTask.FromResult(ClaimResult);
        }

        public ValueTask<OmsWebhookCompleteResult> CompleteAsync(string webhookId, string owner, TimeSpan retention, CancellationToken cancellationToken = default)
        {
            Completions.Enqueue((webhookId, owner, retention));
            return FailComplete ? throw new TimeoutException("store slow on purpose") : ValueTask.FromResult(CompleteResult);
        }

        public ValueTask<OmsWebhookReleaseResult> ReleaseAsync(string webhookId, string owner, CancellationToken cancellationToken = default) =>
            FailRelease ? throw new TimeoutException("store slow on purpose") : ValueTask.FromResult(OmsWebhookReleaseResult.Released);
    }

    /// <summary>
    /// Redis's <c>MONITOR</c> on a raw connection: every command the server receives, one line each, with its source
    /// (<c>[0 127.0.0.1:port]</c> for a client, <c>[0 lua]</c> for a command a script runs).
    /// </summary>
    private sealed class RedisMonitor : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly StreamReader _reader;

        private RedisMonitor(TcpClient client, StreamReader reader)
        {
            _client = client;
            _reader = reader;
        }

        public static async Task<RedisMonitor> StartAsync(int port)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, Ct);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"), Ct);
            var reader = new StreamReader(stream, Encoding.UTF8);
            Assert.Equal("+OK", await reader.ReadLineAsync(Ct));
            return new RedisMonitor(client, reader);
        }

        /// <summary>Sends a marker through another connection and returns the client commands seen before it.</summary>
        public async Task<IReadOnlyList<string>> StopAsync(IDatabase admin)
        {
            var marker = $"end-{Guid.NewGuid():N}";
            await admin.ExecuteAsync("ECHO", marker);
            var lines = new List<string>();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            while (await _reader.ReadLineAsync(limit.Token) is { } line && !line.Contains(marker, StringComparison.Ordinal))
            {
                if (!line.Contains(" lua] ", StringComparison.Ordinal))
                {
                    lines.Add(line);
                }
            }

            return lines;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
