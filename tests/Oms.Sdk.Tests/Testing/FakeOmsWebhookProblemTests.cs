using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>A delivery the fake cannot make says to whom, why and what to do, at the first failed attempt.</summary>
public sealed class FakeOmsWebhookProblemTests
{
    [Fact]
    public async Task A_refused_connection_is_logged_at_once_with_the_receiver_the_reason_and_what_to_do_while_the_retry_still_waits()
    {
        var time = new FakeTimeProvider();
        var log = new FirstWarning();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(log));
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions
        {
            TimeProvider = time,
            EndorsementMode = FakeOmsEndorsementMode.Manual,
            WebhookRetryDelays = [TimeSpan.FromMinutes(1)],
            LoggerFactory = loggerFactory,
        });
        oms.AddWebhookReceiver(new Uri("http://127.0.0.1:1/webhooks/oms"));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var grant = oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);
        var warning = await log.Logged.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        Assert.False(grant.IsCompleted);   // the retry waits a minute on the fake's clock: the warning did not wait for it
        Assert.Contains("http://127.0.0.1:1/webhooks/oms (connection refused: nothing listens at 127.0.0.1:1)", warning, StringComparison.Ordinal);
        Assert.Contains("Start the receiver before the grant", warning, StringComparison.Ordinal);
        Assert.Contains("1 retries left", warning, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(1));
        var delivery = Assert.Single((await grant).Deliveries);
        Assert.False(delivery.Delivered);
        Assert.Equal(delivery.Attempts[^1].Error, delivery.Problem);
        Assert.Contains("connection refused", delivery.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_that_is_not_2xx_is_explained_on_the_delivery()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, WebhookRetryDelays = [] });
        using var receiver = StartReceiver(400);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var delivery = Assert.Single((await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct)).Deliveries);

        Assert.StartsWith($"The webhook receiver {HooksUrl(receiver)} answered 400 BadRequest. It refused the delivery: check that it verifies with this fake's WebhookSecret", delivery.Problem, StringComparison.Ordinal);
        Assert.Null(delivery.Attempts[0].Error);
    }

    [Fact]
    public async Task An_app_on_an_in_memory_test_server_cannot_be_a_receiver_and_the_message_says_to_use_Kestrel()
    {
        await using var oms = FakeOmsServer.Start();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        await app.StartAsync(Ct);

        var refused = Assert.Throws<InvalidOperationException>(() => oms.AddWebhookReceiver(app.Services, "/webhooks/oms"));

        Assert.Contains("TestServer", refused.Message, StringComparison.Ordinal);
        Assert.Contains("factory.UseKestrel(0)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_on_Kestrel_is_registered_at_the_address_it_bound_and_receives_the_grant()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var received = 0;
        app.MapPost("/webhooks/oms", () => { Interlocked.Increment(ref received); return Results.NoContent(); });
        await app.StartAsync(Ct);
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var url = oms.AddWebhookReceiver(app.Services, "/webhooks/oms");
        var sent = await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/webhooks/oms$", url.ToString());
        Assert.True(Assert.Single(sent.Deliveries).Delivered);
        Assert.Equal(1, received);
    }

    /// <summary>Completes with the first Warning logged (its text), and records nothing else.</summary>
    private sealed class FirstWarning : ILoggerProvider, ILogger
    {
        private readonly TaskCompletionSource<string> _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Logged => _logged.Task;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _logged.TrySetResult(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
