using Microsoft.Extensions.Caching.Distributed;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Remembers processed deliveries in an <see cref="IDistributedCache"/> (Redis, SQL Server, …), so a fleet of receivers
/// behind a load balancer drops a duplicate whichever instance gets it.
/// </summary>
/// <remarks>
/// <see cref="IDistributedCache"/> has no atomic "add if absent": this reads, then writes. Two instances that receive the
/// same delivery at the same moment (OMS retrying a delivery that is still being processed elsewhere) can both see it as
/// new and both process it. Duplicates that arrive apart in time, the common case, are dropped. Where processing twice is
/// unacceptable, implement <see cref="IOmsWebhookDeduplicator"/> on your store's atomic insert, or make the handler
/// idempotent (it should be anyway).
/// </remarks>
public sealed class DistributedCacheOmsWebhookDeduplicator : IOmsWebhookDeduplicator
{
    /// <summary>The default prefix of the cache keys: <c>oms:webhook:</c>.</summary>
    public const string DefaultKeyPrefix = "oms:webhook:";

    private static readonly byte[] Marker = [1];

    private readonly IDistributedCache _cache;
    private readonly string _keyPrefix;

    /// <summary>Creates a deduplicator over a distributed cache.</summary>
    /// <param name="cache">The cache every receiver shares.</param>
    /// <param name="keyPrefix">Prefixes each <c>webhook-id</c> to make the cache key; default <see cref="DefaultKeyPrefix"/>.</param>
    public DistributedCacheOmsWebhookDeduplicator(IDistributedCache cache, string keyPrefix = DefaultKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _cache = cache;
        _keyPrefix = keyPrefix;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryMarkProcessedAsync(string webhookId, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);

        var key = _keyPrefix + webhookId;
        if (await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        // Not atomic with the read above: see the remarks.
        await _cache.SetAsync(key, Marker, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = retention }, cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask UnmarkAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        await _cache.RemoveAsync(_keyPrefix + webhookId, cancellationToken).ConfigureAwait(false);
    }
}
