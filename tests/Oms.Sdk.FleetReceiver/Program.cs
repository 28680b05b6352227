// One receiver of a fleet sharing one Redis, for the chaos test (tests/Oms.Sdk.Tests/Webhooks/FleetChaosTests.cs):
//
//   dotnet Oms.Sdk.FleetReceiver.dll --urls http://127.0.0.1:5081 --Oms:WebhookSecret whsec_… --ConnectionStrings:Redis 127.0.0.1:6379
//       --Fleet:Name r1 --Oms:HandlerTimeout 00:00:03
//
// Its handler behaves as each event's data says ("ok", "slow", "failOnce", "crash") and records a completed handling in
// Redis at its very end, as a handler commits its side effects: HINCRBY fleet:handled {webhook-id} 1.
using System.Globalization;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;

var builder = WebApplication.CreateSlimBuilder(args);
var secret = builder.Configuration["Oms:WebhookSecret"] ?? throw new InvalidOperationException("Oms:WebhookSecret is not set.");
var redis = builder.Configuration.GetConnectionString("Redis") ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
var handlerTimeout = TimeSpan.Parse(builder.Configuration["Oms:HandlerTimeout"] ?? "00:00:03", CultureInfo.InvariantCulture);

var connection = await ConnectionMultiplexer.ConnectAsync(redis);
builder.Services.AddSingleton<IConnectionMultiplexer>(connection);
builder.Services.AddSingleton(new ReceiverName(builder.Configuration["Fleet:Name"] ?? "receiver"));
builder.Services
    .AddOmsWebhooks(o =>
    {
        o.Secrets = [secret];
        o.HandlerTimeout = handlerTimeout;
    })
    .AddOmsWebhookHandler<UnknownOmsEvent, ChaosHandler>()
    .AddOmsWebhookRedisInbox(connection);

var app = builder.Build();
app.MapOmsWebhooks("/webhooks/oms");
app.MapGet("/ready", () => "ready");
await app.RunAsync();

internal sealed record ReceiverName(string Value);

/// <summary>Slow, failing once, or stalling until the test kills this process; every completed run is counted in Redis.</summary>
internal sealed class ChaosHandler(IConnectionMultiplexer redis, ReceiverName name) : IOmsWebhookHandler<UnknownOmsEvent>
{
    public async Task HandleAsync(UnknownOmsEvent evt, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var id = evt.WebhookId;
        await db.HashIncrementAsync("fleet:started", id);
        switch (evt.Data.GetProperty("behaviour").GetString())
        {
            case "slow":
                await Task.Delay(evt.Data.GetProperty("delayMs").GetInt32(), cancellationToken);
                break;
            case "failOnce" when await db.StringSetAsync($"fleet:failed:{id}", name.Value, when: When.NotExists):
                throw new InvalidOperationException($"{id} fails once on purpose");
            case "crash" when await db.StringSetAsync($"fleet:crashing:{id}", name.Value, when: When.NotExists):
                // Tell the test which process to kill, then wait to be killed (well within HandlerTimeout).
                await db.ListRightPushAsync("fleet:kill", $"{id} {Environment.ProcessId}");
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        // The handler's side effect, committed at its end: a run killed before this line did not happen.
        await db.HashIncrementAsync("fleet:handled", id);
        await db.ListRightPushAsync("fleet:log", $"{id} {name.Value}");
    }
}
