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
// Counts the requests in flight, so that a crash can wait until every other request has finished or stalled (CrashGate).
app.Use(async (context, next) =>
{
    Interlocked.Increment(ref CrashGate.Active);
    try
    {
        await next(context);
    }
    finally
    {
        Interlocked.Decrement(ref CrashGate.Active);
    }
});
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
        await CrashGate.StallIfDoomedAsync(cancellationToken);
        await db.HashIncrementAsync("fleet:started", id);
        switch (evt.Data.GetProperty("behaviour").GetString())
        {
            case "slow":
                await Task.Delay(evt.Data.GetProperty("delayMs").GetInt32(), cancellationToken);
                break;
            case "failOnce" when await db.StringSetAsync($"fleet:failed:{id}", name.Value, when: When.NotExists):
                throw new InvalidOperationException($"{id} fails once on purpose");
            case "crash" when await db.StringSetAsync($"fleet:crashing:{id}", name.Value, when: When.NotExists):
                // The process is doomed from here: handlers that have not committed stall, and those past their commit are
                // let finish, so that the kill lands mid-handler for every handler it hits (see CrashGate). Then tell the test
                // which process to kill, and wait to be killed (well within HandlerTimeout).
                await CrashGate.DoomAsync(cancellationToken);
                await db.ListRightPushAsync("fleet:kill", $"{id} {Environment.ProcessId}");
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        // The handler's side effect, committed at its end: a run killed before this line did not happen.
        await CrashGate.StallIfDoomedAsync(cancellationToken);
        await db.HashIncrementAsync("fleet:handled", id);
        await db.ListRightPushAsync("fleet:log", $"{id} {name.Value}");
    }
}

/// <summary>
/// Makes the test's kill a crash at one instant. A handler that commits its side effect and is then killed before the
/// endpoint completes its claim is handled again by the retry: no inbox can close that window, only a side effect committed
/// in one transaction with the inbox (docs/running-several-receivers.md says so). So once a crash is decided, handlers that
/// have not committed stall until the kill, and the crash waits for the requests already past their commit to finish.
/// </summary>
internal static class CrashGate
{
    public static int Active;
    private static int s_stalled;
    private static volatile bool s_doomed;

    public static async Task StallIfDoomedAsync(CancellationToken cancellationToken)
    {
        if (s_doomed)
        {
            Interlocked.Increment(ref s_stalled);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Dooms the process, then waits (at most 5 s) until every other request in flight has finished or stalled.</summary>
    public static async Task DoomAsync(CancellationToken cancellationToken)
    {
        s_doomed = true;
        for (var waited = 0; waited < 500 && Volatile.Read(ref Active) - 1 > Volatile.Read(ref s_stalled); waited++)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
