namespace Oms.Sdk.Webhooks;

/// <summary>Settings of a <see cref="RedisOmsWebhookInbox"/>.</summary>
public sealed class RedisOmsWebhookInboxOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>: <c>oms:webhook:</c>.</summary>
    public const string DefaultKeyPrefix = "oms:webhook:";

    /// <summary>The default <see cref="OperationTimeout"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Put before each <c>webhook-id</c> to make its Redis key. Default <see cref="DefaultKeyPrefix"/>. Every receiver of one
    /// OMS endpoint must use the same prefix; give different endpoints (or environments sharing a Redis) different ones.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// The Redis database number; default -1, the connection's default database.
    /// </summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// The longest one Redis call may take before it counts as failed: a claim that times out is answered 503 (retryable) with
    /// no handler run. Default 2 seconds; positive and at most 30 seconds. Keep it well below
    /// <see cref="OmsWebhookOptions.ClaimLeaseMargin"/> (5 seconds), so that completing a claim fits in its lease.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = DefaultOperationTimeout;

    /// <summary>Checks the settings; the message names each setting at fault.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix))
        {
            throw new ArgumentException("RedisOmsWebhookInboxOptions.KeyPrefix must not be empty (default \"oms:webhook:\").", nameof(KeyPrefix));
        }

        if (OperationTimeout <= TimeSpan.Zero || OperationTimeout > TimeSpan.FromSeconds(30))
        {
            throw new ArgumentException("RedisOmsWebhookInboxOptions.OperationTimeout must be positive and at most 30 seconds (default 2 seconds).", nameof(OperationTimeout));
        }

        if (Database < -1)
        {
            throw new ArgumentException("RedisOmsWebhookInboxOptions.Database must be -1 (the connection's default) or a database number.", nameof(Database));
        }
    }
}
