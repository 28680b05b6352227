using Oms.Sdk.Webhooks;

namespace Oms.Sdk;

/// <summary>
/// Tells the waits of one application (<see cref="ICustomersClient.WaitForEndorsementAsync"/>) that OMS has granted an
/// endorsement, so that they return at once instead of at their next poll. Thread-safe; one per application.
/// </summary>
/// <remarks>
/// <para>
/// <c>services.AddOmsClient(...)</c> registers one as a singleton, and <c>Oms.Sdk.AspNetCore</c>'s webhook endpoint
/// publishes every <c>customer.endorsement.granted</c> delivery it has verified into it: a web app that maps the endpoint
/// waits on the webhook and polls only as a fallback. A standalone <see cref="OmsClient"/> listens to the one in
/// <see cref="OmsClientOptions.EndorsementSignals"/>; publish into it from wherever your events arrive.
/// </para>
/// <para>
/// A signal only wakes a wait: the wait then reads the customer once and returns what OMS says, so a stale or forged signal
/// costs one GET, never a wrong answer. A signal with no wait listening is dropped.
/// </para>
/// </remarks>
/// <example><code>
/// var signals = new OmsEndorsementSignals();
/// using var client = new OmsClient(new OmsClientOptions { ApiKey = key, ApiSecret = secret, EndorsementSignals = signals });
/// // where your verified webhook events arrive:
/// signals.Publish(grantedEvent);
/// </code></example>
public sealed class OmsEndorsementSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Subscription>> _waiting = new(StringComparer.Ordinal);

    /// <summary>Wakes the waits for every endorsement the event's customer now holds.</summary>
    /// <param name="grantedEvent">A verified <c>customer.endorsement.granted</c> event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grantedEvent"/> is <see langword="null"/>.</exception>
    public void Publish(CustomerEndorsementGrantedEvent grantedEvent)
    {
        ArgumentNullException.ThrowIfNull(grantedEvent);
        Publish(grantedEvent.Customer);
    }

    /// <summary>Wakes the waits for every endorsement <paramref name="customer"/> holds (approved or active).</summary>
    /// <param name="customer">The customer as an event carried it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="customer"/> is <see langword="null"/>.</exception>
    public void Publish(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        Wake(customer.Id, customer.HasEndorsement);
    }

    /// <summary>Wakes the waits for one endorsement of one customer (say, from a message another instance forwarded).</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="endorsement">The endorsement granted.</param>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null, empty or white space.</exception>
    public void Publish(string customerId, Endorsement endorsement)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        Wake(customerId, e => e == endorsement);
    }

    /// <summary>Starts listening for grants of <paramref name="endorsement"/> to <paramref name="customerId"/>; dispose to stop.</summary>
    internal Subscription Subscribe(string customerId, Endorsement endorsement)
    {
        var subscription = new Subscription(this, customerId, endorsement);
        lock (_gate)
        {
            if (!_waiting.TryGetValue(customerId, out var list))
            {
                _waiting[customerId] = list = [];
            }

            list.Add(subscription);
        }

        return subscription;
    }

    /// <summary>How many waits are listening now (for tests).</summary>
    internal int Listening
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Values.Sum(l => l.Count);
            }
        }
    }

    private void Wake(string customerId, Func<Endorsement, bool> granted)
    {
        Subscription[] listening;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(customerId, out var list))
            {
                return;
            }

            listening = [.. list];
        }

        foreach (var subscription in listening)
        {
            if (granted(subscription.Endorsement))
            {
                subscription.Signal();
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(subscription.CustomerId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _waiting.Remove(subscription.CustomerId);
            }
        }
    }

    /// <summary>One wait's interest in one endorsement of one customer.</summary>
    internal sealed class Subscription(OmsEndorsementSignals hub, string customerId, Endorsement endorsement) : IDisposable
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string CustomerId { get; } = customerId;

        public Endorsement Endorsement { get; } = endorsement;

        /// <summary>
        /// The task the next signal completes. Take it before reading the customer: a signal that arrives during the read
        /// then completes it, and is not lost. Once a signal has completed it, the next call hands out a fresh one.
        /// </summary>
        public Task Next()
        {
            lock (_gate)
            {
                if (_signal.Task.IsCompleted)
                {
                    _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return _signal.Task;
            }
        }

        public void Signal()
        {
            lock (_gate)
            {
                _signal.TrySetResult();
            }
        }

        public void Dispose() => hub.Remove(this);
    }
}
