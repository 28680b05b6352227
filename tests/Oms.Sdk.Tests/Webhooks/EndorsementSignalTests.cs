using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>
/// A web app waits on the webhook: the fake OMS sends a signed <c>customer.endorsement.granted</c> delivery to the real
/// endpoint on loopback Kestrel, which verifies it and wakes the app's <see cref="ICustomersClient.WaitForEndorsementAsync"/>
/// before its next poll is due.
/// </summary>
public sealed class EndorsementSignalTests
{
    private const string Path = "/webhooks/oms";

    private static readonly OmsWaitOptions Wait = new() { FirstInterval = TimeSpan.FromMinutes(5), MaximumInterval = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromMinutes(10) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_verified_granted_delivery_ends_the_apps_wait_before_its_next_poll()
    {
        // The fake keeps real time, so that its signatures fall within the endpoint's tolerance; only the client's clock is fake.
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, WebhookRetryDelays = [] });
        var clock = new TestClock();
        var parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clock.TimerStarted += due =>
        {
            if (due >= Wait.FirstInterval * 0.8 && due <= Wait.FirstInterval) // the wait's first interval, not the client's watchdogs
            {
                parked.TrySetResult();
            }
        };
        await using var app = await StartAppAsync(oms, clock);
        oms.AddWebhookReceiver(new Uri(app.Client.BaseAddress!, Path));
        var client = app.App.Services.GetRequiredService<IOmsClient>();
        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
        var start = clock.GetUtcNow();

        var wait = client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Wait, Ct);
        await parked.Task.WaitAsync(Ct);
        var sent = await oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd, Ct);
        var granted = await wait.WaitAsync(Ct);

        Assert.True(Assert.Single(sent.Deliveries).Delivered);
        Assert.True(granted.HasEndorsement(Endorsement.Usd));
        Assert.Equal(start, clock.GetUtcNow()); // no poll interval elapsed: the webhook ended the wait
        Assert.Equal(2, oms.RequestCount(HttpMethod.Get, "/customers/" + customer.Id)); // the first read, and the one confirming the signal
    }

    [Fact]
    public async Task A_delivery_that_fails_verification_wakes_no_wait()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, WebhookRetryDelays = [] });
        await using var forger = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, WebhookRetryDelays = [] });
        await using var app = await StartAppAsync(oms, new TestClock());
        forger.AddWebhookReceiver(new Uri(app.Client.BaseAddress!, Path));
        var signals = app.App.Services.GetRequiredService<OmsEndorsementSignals>();
        var victim = await CreateAsync(forger);
        using var listening = signals.Subscribe(victim.Id, Endorsement.Usd);
        var woken = listening.Next();

        var sent = await forger.GrantEndorsementAsync(victim.Id, Endorsement.Usd, Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, Assert.Single(Assert.Single(sent.Deliveries).Attempts).StatusCode);
        Assert.False(woken.IsCompleted);
    }

    private static async Task<Customer> CreateAsync(FakeOmsServer oms)
    {
        using var client = FakeOmsClients.For(oms);
        return await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
    }

    /// <summary>An app as a user writes it: AddOmsClient pointed at the fake (on <paramref name="clock"/>), AddOmsWebhooks with its secret, the endpoint mapped.</summary>
    private static Task<LoopbackApp> StartAppAsync(FakeOmsServer oms, TestClock clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOmsClient(o =>
        {
            o.ApiKey = oms.ApiKey;
            o.ApiSecret = oms.ApiSecret;
            o.BaseAddress = oms.BaseAddress;
            o.TimeProvider = clock;
        });
        builder.Services.AddOmsWebhooks(o => o.Secrets = [oms.WebhookSecret]);
        var app = builder.Build();
        app.MapOmsWebhooks(Path);
        return LoopbackApp.StartAsync(app, Ct);
    }
}
