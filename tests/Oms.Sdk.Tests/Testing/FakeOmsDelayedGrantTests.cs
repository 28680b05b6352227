using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>FakeOmsServerOptions.EndorsementGrantDelay: KYC that takes a while, timed on the fake's clock.</summary>
public sealed class FakeOmsDelayedGrantTests
{
    [Fact]
    public async Task Requested_endorsements_stay_pending_until_the_delay_has_passed_on_the_fake_s_clock_then_each_is_granted_with_its_webhook()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero));
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time, EndorsementGrantDelay = TimeSpan.FromMinutes(10) });
        using var receiver = StartReceiver(200);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var client = Client(oms);

        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var before = await client.Customers.GetAsync(created.Id, Ct);
        time.Advance(TimeSpan.FromTicks(1));
        var after = await client.Customers.GetAsync(created.Id, Ct);

        Assert.All(created.Endorsements, e => Assert.Equal(EndorsementStatus.Pending, e.Status));
        Assert.All(before.Endorsements, e => Assert.Equal(EndorsementStatus.Pending, e.Status));
        Assert.True(after.HasEndorsement(Endorsement.Basic));
        Assert.True(after.HasEndorsement(Endorsement.Usd));
        Assert.Equal(created.CreatedAt + TimeSpan.FromMinutes(10), after.UpdatedAt);

        // One webhook per grant, each naming the endorsement it grants.
        var granted = await ReceivedGrantsAsync(receiver, 2);
        Assert.Equal(["basic", "usd"], granted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_a_delay_auto_approve_grants_at_creation_and_a_delay_in_manual_mode_is_refused()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);

        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
        var refused = Assert.Throws<ArgumentException>(() => FakeOmsServer.Start(new FakeOmsServerOptions
        {
            EndorsementMode = FakeOmsEndorsementMode.Manual,
            EndorsementGrantDelay = TimeSpan.FromMinutes(1),
        }));

        Assert.True(created.HasEndorsement(Endorsement.Usd));
        Assert.Contains("EndorsementGrantDelay applies to EndorsementMode AutoApprove", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits (without a clock: on the receiver's own log) for <paramref name="count"/> deliveries and reads what each grants.</summary>
    private static async Task<List<string>> ReceivedGrantsAsync(WireMock.Server.WireMockServer receiver, int count)
    {
        var arrived = new TaskCompletionSource();
        receiver.LogEntriesChanged += (_, _) =>
        {
            if (receiver.LogEntries.Count() >= count)
            {
                arrived.TrySetResult();
            }
        };
        if (receiver.LogEntries.Count() < count)
        {
            await arrived.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        }

        return [.. receiver.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.GetProperty("endorsement").GetString()!)];
    }
}
