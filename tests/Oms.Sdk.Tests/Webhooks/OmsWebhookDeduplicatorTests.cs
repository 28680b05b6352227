using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Webhooks;

public sealed class OmsWebhookDeduplicatorTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task In_memory_drops_a_duplicate_until_retention_ends()
    {
        var dedupe = new InMemoryOmsWebhookDeduplicator(timeProvider: _clock);

        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.False(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_2", Retention, Ct));

        _clock.Advance(Retention - TimeSpan.FromSeconds(1));
        Assert.False(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
    }

    [Fact]
    public async Task In_memory_drops_expired_ids_to_make_room()
    {
        var dedupe = new InMemoryOmsWebhookDeduplicator(timeProvider: _clock);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await dedupe.TryMarkProcessedAsync($"msg_{i}", Retention, Ct));
        }

        _clock.Advance(Retention);
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_new", Retention, Ct));

        Assert.Equal(1, dedupe.Count);
    }

    [Fact]
    public async Task In_memory_is_bounded_and_evicts_the_oldest_first()
    {
        var dedupe = new InMemoryOmsWebhookDeduplicator(capacity: 3, timeProvider: _clock);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            Assert.True(await dedupe.TryMarkProcessedAsync(id, Retention, Ct));
        }

        Assert.Equal(3, dedupe.Count);
        Assert.False(await dedupe.TryMarkProcessedAsync("d", Retention, Ct));
        Assert.False(await dedupe.TryMarkProcessedAsync("b", Retention, Ct));
        Assert.True(await dedupe.TryMarkProcessedAsync("a", Retention, Ct)); // evicted, so new again (and evicts b)
        Assert.True(await dedupe.TryMarkProcessedAsync("b", Retention, Ct));
        Assert.Equal(3, dedupe.Count);
    }

    [Fact]
    public async Task In_memory_unmark_lets_a_retry_through()
    {
        var dedupe = new InMemoryOmsWebhookDeduplicator(timeProvider: _clock);
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));

        await dedupe.UnmarkAsync("msg_1", Ct);
        await dedupe.UnmarkAsync("msg_never_seen", Ct);

        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.Equal(1, dedupe.Count);
    }

    [Fact]
    public async Task In_memory_marks_each_id_once_under_concurrency()
    {
        var dedupe = new InMemoryOmsWebhookDeduplicator(capacity: 1_000, timeProvider: _clock);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            var won = 0;
            for (var i = 0; i < 200; i++)
            {
                won += await dedupe.TryMarkProcessedAsync($"msg_{i}", Retention, Ct) ? 1 : 0;
            }

            return won;
        })).ToList();
        start.SetResult();

        Assert.Equal(200, (await Task.WhenAll(attempts)).Sum());
    }

    [Fact]
    public async Task In_memory_validates_its_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryOmsWebhookDeduplicator(capacity: 0));
        var dedupe = new InMemoryOmsWebhookDeduplicator();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await dedupe.TryMarkProcessedAsync("msg_1", TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await dedupe.TryMarkProcessedAsync("", Retention, Ct));
        Assert.Equal(InMemoryOmsWebhookDeduplicator.DefaultCapacity, dedupe.Capacity);
    }

    [Fact]
    public async Task Distributed_drops_a_duplicate_shared_by_every_receiver()
    {
        var cache = new RecordingCache(NewMemoryCache());
        var receiverA = new DistributedCacheOmsWebhookDeduplicator(cache);
        var receiverB = new DistributedCacheOmsWebhookDeduplicator(cache);

        Assert.True(await receiverA.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.False(await receiverB.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.True(await receiverB.TryMarkProcessedAsync("msg_2", Retention, Ct));

        Assert.Equal(Retention, cache.LastOptions?.AbsoluteExpirationRelativeToNow);
        Assert.Equal("oms:webhook:msg_2", cache.LastKey);
    }

    [Fact]
    public async Task Distributed_unmark_lets_a_retry_through()
    {
        var dedupe = new DistributedCacheOmsWebhookDeduplicator(NewMemoryCache(), keyPrefix: "tenant-a:");
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));

        await dedupe.UnmarkAsync("msg_1", Ct);

        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.False(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
    }

    [Fact]
    public async Task Distributed_key_prefixes_keep_apps_apart()
    {
        var cache = NewMemoryCache();
        var appA = new DistributedCacheOmsWebhookDeduplicator(cache, keyPrefix: "a:");
        var appB = new DistributedCacheOmsWebhookDeduplicator(cache, keyPrefix: "b:");

        Assert.True(await appA.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.True(await appB.TryMarkProcessedAsync("msg_1", Retention, Ct));
        Assert.NotNull(await cache.GetAsync("a:msg_1", Ct));
    }

    [Fact]
    public async Task Distributed_expires_ids_after_retention()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions { Clock = new FakeSystemClock(_clock) }));
        var dedupe = new DistributedCacheOmsWebhookDeduplicator(cache);
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));

        _clock.Advance(Retention - TimeSpan.FromSeconds(1));
        Assert.False(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await dedupe.TryMarkProcessedAsync("msg_1", Retention, Ct));
    }

    private static MemoryDistributedCache NewMemoryCache() => new(Options.Create(new MemoryDistributedCacheOptions()));

    /// <summary>Passes calls through and remembers the last write, to check what the deduplicator asks of the cache.</summary>
    private sealed class RecordingCache(IDistributedCache inner) : IDistributedCache
    {
        public string? LastKey { get; private set; }

        public DistributedCacheEntryOptions? LastOptions { get; private set; }

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            (LastKey, LastOptions) = (key, options);
            return inner.SetAsync(key, value, options, token);
        }
    }

    private sealed class FakeSystemClock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
