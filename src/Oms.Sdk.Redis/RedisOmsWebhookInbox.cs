using StackExchange.Redis;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// An <see cref="IOmsWebhookInbox"/> on Redis, shared by every receiver of a fleet: one key per delivery,
/// <c>{KeyPrefix}{webhook-id}</c>. Register it with <c>services.AddOmsWebhookRedisInbox(…)</c>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// A claim is <c>SET key "claim:{owner}" NX PX {lease}</c>: atomic, and it lapses on Redis's clock when the receiver dies.
/// Completing is a script that, only while the key still holds this owner's claim, sets it to <c>done</c> for the retention;
/// releasing is a script that deletes it under the same check. A delivery costs two round trips (claim, complete); a copy of
/// a delivery that is done or in progress costs two as well (the failed claim, then a read of which it is).
/// </para>
/// <para>
/// Every call is bounded by <see cref="RedisOmsWebhookInboxOptions.OperationTimeout"/>: when Redis is down, paused or slow,
/// the claim throws and the endpoint answers 503 with no handler run. Use a Redis whose writes survive what you need them to
/// survive (a replica and AOF for a failover): a done key lost in a failover lets a later copy be handled again.
/// </para>
/// </remarks>
public sealed class RedisOmsWebhookInbox : IOmsWebhookInbox, IAsyncDisposable
{
    private const string ClaimPrefix = "claim:";
    private const string DoneValue = "done";

    // KEYS[1] the delivery; ARGV[1] the owner's claim value; ARGV[2] "done"; ARGV[3] the retention in milliseconds.
    private const string CompleteScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    // KEYS[1] the delivery; ARGV[1] the owner's claim value.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    private readonly RedisOmsWebhookInboxOptions _options;
    private readonly ConfigurationOptions? _ownedConfiguration;
    private readonly Lock _connectGate = new();
    private Task<IConnectionMultiplexer>? _connection;
    private bool _disposed;

    /// <summary>Creates an inbox on a connection the application already has (and disposes itself).</summary>
    /// <param name="connection">The Redis connection every receiver's inbox reaches the same Redis through.</param>
    /// <param name="options">The key prefix, database and call timeout (<c>new RedisOmsWebhookInboxOptions()</c> for the defaults).</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RedisOmsWebhookInbox(IConnectionMultiplexer connection, RedisOmsWebhookInboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = Checked(options);
        _connection = Task.FromResult(connection);
    }

    /// <summary>
    /// Creates an inbox with its own connection, opened on first use and disposed with the inbox. Start-up does not wait for
    /// Redis: while it is unreachable deliveries are answered 503, and the connection keeps retrying.
    /// </summary>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>redis.internal:6379,password=…</c>.</param>
    /// <param name="options">The key prefix, database and call timeout (<c>new RedisOmsWebhookInboxOptions()</c> for the defaults).</param>
    /// <exception cref="ArgumentException">The configuration string cannot be read (it is not repeated: it may hold a password), or an option is out of range.</exception>
    public RedisOmsWebhookInbox(string configuration, RedisOmsWebhookInboxOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        _options = Checked(options);
        _ownedConfiguration = ReadConfiguration(configuration, _options);
    }

    /// <inheritdoc/>
    public async ValueTask<OmsWebhookClaimResult> TryClaimAsync(string webhookId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);

        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var key = Key(webhookId);
        if (await Bounded(database.StringSetAsync(key, ClaimPrefix + owner, lease, When.NotExists), cancellationToken).ConfigureAwait(false))
        {
            return OmsWebhookClaimResult.Claimed;
        }

        // Held already: done, or in progress. A key gone meanwhile (released, lapsed) reads as in progress: the sender retries.
        var value = await Bounded(database.StringGetAsync(key), cancellationToken).ConfigureAwait(false);
        return value == DoneValue ? OmsWebhookClaimResult.Done : OmsWebhookClaimResult.InProgress;
    }

    /// <inheritdoc/>
    public async ValueTask<OmsWebhookCompleteResult> CompleteAsync(string webhookId, string owner, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);

        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var done = await Bounded(
            database.ScriptEvaluateAsync(CompleteScript, [Key(webhookId)], [ClaimPrefix + owner, DoneValue, (long)Math.Ceiling(retention.TotalMilliseconds)]),
            cancellationToken).ConfigureAwait(false);
        return (long)done == 1 ? OmsWebhookCompleteResult.Completed : OmsWebhookCompleteResult.NotOwner;
    }

    /// <inheritdoc/>
    public async ValueTask<OmsWebhookReleaseResult> ReleaseAsync(string webhookId, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentException.ThrowIfNullOrEmpty(owner);

        var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
        var released = await Bounded(database.ScriptEvaluateAsync(ReleaseScript, [Key(webhookId)], [ClaimPrefix + owner]), cancellationToken)
            .ConfigureAwait(false);
        return (long)released == 1 ? OmsWebhookReleaseResult.Released : OmsWebhookReleaseResult.NotOwner;
    }

    /// <summary>Closes the connection if this inbox opened it; a connection given to it is left to its owner.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connection;
        lock (_connectGate)
        {
            connection = _connection;
            _connection = null;
            _disposed = true;
        }

        if (_ownedConfiguration is not null && connection is { IsCompletedSuccessfully: true })
        {
            await connection.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads a configuration string for a connection of the inbox's own; throws without repeating it.</summary>
    internal static ConfigurationOptions ReadConfiguration(string configuration, RedisOmsWebhookInboxOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            // Neither the string nor the parser's message: either may carry the password.
            throw new ArgumentException(
                "The Redis configuration string is not a valid StackExchange.Redis configuration (for example \"localhost:6379\" or "
                + "\"redis.internal:6380,password=…,ssl=true\"); it is not shown here because it may hold a password.",
                nameof(configuration));
        }

        // Start without Redis and keep reconnecting; fail a call at once while disconnected instead of queueing it (a queued
        // claim would run after its receiver answered 503); no call waits longer than the inbox's own bound.
        parsed.AbortOnConnectFail = false;
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        parsed.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        return parsed;
    }

    internal static RedisOmsWebhookInboxOptions Checked(RedisOmsWebhookInboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private RedisKey Key(string webhookId) => _options.KeyPrefix + webhookId;

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var connection = await Bounded(Connection(), cancellationToken).ConfigureAwait(false);
        return connection.GetDatabase(_options.Database);
    }

    private Task<IConnectionMultiplexer> Connection()
    {
        lock (_connectGate)
        {
            // A connect that failed outright (not just "Redis is down": that connects later by itself) is tried again.
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                ObjectDisposedException.ThrowIf(_disposed || _ownedConfiguration is null, this);
                _connection = ConnectAsync(_ownedConfiguration);
            }

            return _connection;
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration) =>
        await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);

    private async Task<T> Bounded<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(_options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"Redis did not answer within RedisOmsWebhookInboxOptions.OperationTimeout ({_options.OperationTimeout.TotalSeconds:0.###} s).", e);
        }
    }
}
