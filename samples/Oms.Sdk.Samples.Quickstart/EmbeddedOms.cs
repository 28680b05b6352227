using Oms.Sdk.Testing;

namespace Oms.Sdk.Samples.Quickstart;

/// <summary>
/// The fake OMS the quickstart runs against when no OMS_API_KEY is set (<see cref="FakeOmsServer"/>, in this process), with
/// a stand-in for KYC: OMS grants endorsements some time after a customer is created, so this grants each customer's
/// pending endorsements one at a time, every <see cref="KycDelay"/>.
/// </summary>
internal sealed class EmbeddedOms : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _kyc;

    private EmbeddedOms(TimeSpan kycDelay)
    {
        KycDelay = kycDelay;
        Server = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        _kyc = GrantPendingEndorsementsAsync(_stop.Token);
    }

    public FakeOmsServer Server { get; }

    public TimeSpan KycDelay { get; }

    public static EmbeddedOms Start(TimeSpan kycDelay) => new(kycDelay);

    /// <summary>Adds a few customers, so that a small page size shows several pages.</summary>
    public async Task SeedAsync(IOmsClient client, int count, TextWriter output, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= count; i++)
        {
            await client.Customers.CreateAsync(
                new CreateCustomerRequest { FirstName = "Demo", LastName = $"Customer {i}", Email = $"demo{i}@example.com", ExternalId = $"demo-{i}" },
                cancellationToken: cancellationToken);
        }

        output.WriteLine($"  Seeded it with {count} demo customers, so that the listing shows pages.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _kyc;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        await Server.DisposeAsync();
        _stop.Dispose();
    }

    private async Task GrantPendingEndorsementsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(KycDelay);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var customer in Server.Customers)
            {
                if (customer.Endorsements.FirstOrDefault(e => e.Status == EndorsementStatus.Pending) is { } pending)
                {
                    await Server.GrantEndorsementAsync(customer.Id, pending.Name, cancellationToken);
                }
            }
        }
    }
}
