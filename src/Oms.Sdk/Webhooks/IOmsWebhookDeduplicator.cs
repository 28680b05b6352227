namespace Oms.Sdk.Webhooks;

/// <summary>
/// Remembers which deliveries (by <c>webhook-id</c>) were processed, so a retried or replayed delivery is handled once.
/// Implementations: <see cref="InMemoryOmsWebhookDeduplicator"/> for one receiver,
/// <see cref="DistributedCacheOmsWebhookDeduplicator"/> for a fleet sharing a cache; implement it on your own store's
/// atomic insert (a unique key, Redis <c>SET NX</c>) where exactly-once matters.
/// </summary>
/// <remarks>
/// Keep ids at least twice the verifier's tolerance: a delivery is accepted while its timestamp is within the tolerance
/// either way, so a replay can come up to that long after the first arrival. OMS retries an unacknowledged delivery with
/// the same id and a fresh timestamp, possibly much later: keep ids longer if you want those dropped too, and make
/// handlers idempotent either way.
/// </remarks>
public interface IOmsWebhookDeduplicator
{
    /// <summary>Marks a delivery as processed, unless it already was.</summary>
    /// <param name="webhookId">The verified delivery's <c>webhook-id</c>.</param>
    /// <param name="retention">How long to remember it; positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it was not seen before (process it); <see langword="false"/> for a duplicate (skip it).</returns>
    ValueTask<bool> TryMarkProcessedAsync(string webhookId, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Forgets a delivery, so OMS's retry of it is processed: call it when handling failed after marking.</summary>
    /// <param name="webhookId">The delivery's <c>webhook-id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the delivery is forgotten.</returns>
    ValueTask UnmarkAsync(string webhookId, CancellationToken cancellationToken = default);
}
