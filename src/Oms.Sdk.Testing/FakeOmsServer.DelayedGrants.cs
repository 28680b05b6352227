namespace Oms.Sdk.Testing;

/// <summary>Grants after a delay (<see cref="FakeOmsServerOptions.EndorsementGrantDelay"/>), timed on the fake's clock.</summary>
public sealed partial class FakeOmsServer
{
    private readonly TimeSpan _grantDelay;
    private readonly List<ITimer> _grantTimers = [];

    /// <summary>Called by the book when a customer is left with pending endorsements: grants them once the delay has passed.</summary>
    private void ScheduleGrant(string customerId)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _grantTimers.Add(_timeProvider.CreateTimer(static state => ((GrantDue)state!).Fire(), new GrantDue(this, customerId), _grantDelay, Timeout.InfiniteTimeSpan));
            }
        }
    }

    /// <summary>
    /// Grants every endorsement still pending, each as <see cref="GrantEndorsementAsync"/> does (with its webhook). All are
    /// approved before this returns to the clock that fired it (a <c>FakeTimeProvider</c>'s <c>Advance</c>); the deliveries go on.
    /// </summary>
    private async Task GrantPendingAsync(string customerId)
    {
        try
        {
            var pending = _book.Find(customerId)?.Endorsements.Where(e => e.Status == EndorsementStatus.Pending).Select(e => e.Name).ToList() ?? [];
            await Task.WhenAll(pending.Select(name => GrantEndorsementAsync(customerId, name, _stopping.Token))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The fake was disposed while the grant was due or its webhooks were on their way.
        }
    }

    private void StopScheduledGrants()
    {
        lock (_gate)
        {
            foreach (var timer in _grantTimers)
            {
                timer.Dispose();
            }

            _grantTimers.Clear();
        }
    }

    private sealed record GrantDue(FakeOmsServer Server, string CustomerId)
    {
        public void Fire() => _ = Server.GrantPendingAsync(CustomerId);
    }
}
