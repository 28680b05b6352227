namespace Oms.Sdk.Webhooks;

/// <summary>
/// Remembers processed deliveries in this process: bounded, expiring, thread-safe. Right for a single receiver; a fleet
/// behind a load balancer needs a shared store (<see cref="DistributedCacheOmsWebhookDeduplicator"/>).
/// </summary>
/// <remarks>
/// When <see cref="Capacity"/> ids are held, expired ones are dropped first, then the oldest: size the capacity above
/// the deliveries you receive in one retention period, or an evicted id's replay would be processed again.
/// </remarks>
public sealed class InMemoryOmsWebhookDeduplicator : IOmsWebhookDeduplicator
{
    /// <summary>The default <see cref="Capacity"/>: 100,000 ids (a few MiB).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);

    // Oldest mark first: where eviction starts.
    private readonly LinkedList<Entry> _byAge = new();

    /// <summary>Creates a deduplicator.</summary>
    /// <param name="capacity">The most ids held at once; positive. Default <see cref="DefaultCapacity"/>.</param>
    /// <param name="timeProvider">The clock for expiry; default <see cref="TimeProvider.System"/>.</param>
    public InMemoryOmsWebhookDeduplicator(int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The most ids held at once.</summary>
    public int Capacity { get; }

    /// <summary>How many ids are held now, expired ones not yet dropped included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryMarkProcessedAsync(string webhookId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (_entries.TryGetValue(webhookId, out var existing))
            {
                if (existing.Value.ExpiresAt > now)
                {
                    return ValueTask.FromResult(false);
                }

                Remove(existing);
            }

            DropExpired(now);
            while (_entries.Count >= Capacity && _byAge.First is { } oldest)
            {
                Remove(oldest);
            }

            _entries.Add(webhookId, _byAge.AddLast(new Entry(webhookId, now + retention)));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask UnmarkAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        lock (_gate)
        {
            if (_entries.TryGetValue(webhookId, out var node))
            {
                Remove(node);
            }
        }

        return ValueTask.CompletedTask;
    }

    // Retention may differ per call, so expiry is not strictly in age order: this drops the expired run at the old end,
    // and any other expired id is dropped when it is looked up or reaches that end.
    private void DropExpired(DateTimeOffset now)
    {
        while (_byAge.First is { } oldest && oldest.Value.ExpiresAt <= now)
        {
            Remove(oldest);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _byAge.Remove(node);
        _entries.Remove(node.Value.WebhookId);
    }

    private readonly record struct Entry(string WebhookId, DateTimeOffset ExpiresAt);
}
