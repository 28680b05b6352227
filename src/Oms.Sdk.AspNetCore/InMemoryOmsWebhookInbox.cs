namespace Oms.Sdk.Webhooks;

/// <summary>
/// The <see cref="IOmsWebhookInbox"/> of a single receiver: claims and done deliveries in this process, bounded, expiring on
/// a <see cref="TimeProvider"/>, thread-safe, with the same claim semantics as a shared store. Several receivers behind a
/// load balancer need a shared store instead (<c>services.AddOmsWebhookRedisInbox(…)</c> from <c>Oms.Sdk.Redis</c>).
/// </summary>
/// <remarks>
/// When <see cref="Capacity"/> ids are held, expired ones are dropped first, then the oldest: size the capacity above the
/// deliveries received in one retention period, or an evicted id's copy would be handled again. Everything is lost when the
/// process ends, which is safe for claims (the retry is handled) but forgets done deliveries.
/// </remarks>
public sealed class InMemoryOmsWebhookInbox : IOmsWebhookInbox
{
    /// <summary>The default <see cref="Capacity"/>: 100,000 ids (a few MiB).</summary>
    public const int DefaultCapacity = 100_000;

    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);

    // Least recently written first: where eviction starts.
    private readonly LinkedList<Entry> _byAge = new();

    /// <summary>Creates an inbox.</summary>
    /// <param name="capacity">The most ids held at once; positive. Default <see cref="DefaultCapacity"/>.</param>
    /// <param name="timeProvider">The clock for leases and retention; default <see cref="TimeProvider.System"/>.</param>
    public InMemoryOmsWebhookInbox(int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The most ids held at once.</summary>
    public int Capacity { get; }

    /// <summary>How many ids are held now (in progress or done), expired ones not yet dropped included.</summary>
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
    public ValueTask<OmsWebhookClaimResult> TryClaimAsync(string webhookId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();

        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (Live(webhookId, now) is { } existing)
            {
                return ValueTask.FromResult(existing.Value.Owner is null ? OmsWebhookClaimResult.Done : OmsWebhookClaimResult.InProgress);
            }

            DropExpired(now);
            while (_entries.Count >= Capacity && _byAge.First is { } oldest)
            {
                Remove(oldest);
            }

            _entries.Add(webhookId, _byAge.AddLast(new Entry(webhookId, owner, now + lease)));
            return ValueTask.FromResult(OmsWebhookClaimResult.Claimed);
        }
    }

    /// <inheritdoc/>
    public ValueTask<OmsWebhookCompleteResult> CompleteAsync(string webhookId, string owner, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);

        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (OwnedBy(webhookId, owner, now) is not { } node)
            {
                return ValueTask.FromResult(OmsWebhookCompleteResult.NotOwner);
            }

            // Done: no owner, kept for the retention, and youngest again for eviction.
            _byAge.Remove(node);
            node.Value = new Entry(webhookId, null, now + retention);
            _byAge.AddLast(node);
            return ValueTask.FromResult(OmsWebhookCompleteResult.Completed);
        }
    }

    /// <inheritdoc/>
    public ValueTask<OmsWebhookReleaseResult> ReleaseAsync(string webhookId, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);

        lock (_gate)
        {
            if (OwnedBy(webhookId, owner, _timeProvider.GetUtcNow()) is not { } node)
            {
                return ValueTask.FromResult(OmsWebhookReleaseResult.NotOwner);
            }

            Remove(node);
            return ValueTask.FromResult(OmsWebhookReleaseResult.Released);
        }
    }

    /// <summary>The entry of an id unless it is absent or expired (an expired one is dropped here).</summary>
    private LinkedListNode<Entry>? Live(string webhookId, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(webhookId, out var node))
        {
            return null;
        }

        if (node.Value.ExpiresAt > now)
        {
            return node;
        }

        Remove(node);
        return null;
    }

    private LinkedListNode<Entry>? OwnedBy(string webhookId, string owner, DateTimeOffset now) =>
        Live(webhookId, now) is { } node && string.Equals(node.Value.Owner, owner, StringComparison.Ordinal) ? node : null;

    // Leases and retention differ, so expiry is not strictly in age order: this drops the expired run at the old end, and
    // any other expired id is dropped when it is looked up or reaches that end.
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

    /// <param name="WebhookId">The delivery id.</param>
    /// <param name="Owner">The claim's owner while in progress; <see langword="null"/> once done.</param>
    /// <param name="ExpiresAt">When the lease or the retention ends.</param>
    private readonly record struct Entry(string WebhookId, string? Owner, DateTimeOffset ExpiresAt);
}
