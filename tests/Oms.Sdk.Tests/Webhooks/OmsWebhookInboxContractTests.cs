using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>
/// What every <see cref="IOmsWebhookInbox"/> must guarantee, run against each store: every state transition (absent →
/// in progress → done or absent), leases and retention lapsing, owner checks, and one winner among concurrent claims.
/// </summary>
public abstract class OmsWebhookInboxContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);
    protected static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private const string Id = "msg_contract";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IOmsWebhookInbox Inbox { get; set; } = null!;

    public abstract ValueTask InitializeAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Lets time pass for the store's leases and retention (a fake clock, or the keys' TTLs on Redis).</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    [Fact]
    public async Task An_absent_id_is_claimed()
    {
        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "a", Lease, Ct));
    }

    [Fact]
    public async Task A_claimed_id_is_in_progress_for_every_other_attempt()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);

        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "a", Lease, Ct));
    }

    [Fact]
    public async Task The_owner_completes_its_claim_and_later_copies_find_it_done()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);

        Assert.Equal(OmsWebhookCompleteResult.Completed, await Inbox.CompleteAsync(Id, "a", Retention, Ct));

        Assert.Equal(OmsWebhookClaimResult.Done, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
        await AdvanceAsync(Lease * 2);
        Assert.Equal(OmsWebhookClaimResult.Done, await Inbox.TryClaimAsync(Id, "c", Lease, Ct));
    }

    [Fact]
    public async Task The_owner_releases_its_claim_and_the_next_attempt_claims_it()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);

        Assert.Equal(OmsWebhookReleaseResult.Released, await Inbox.ReleaseAsync(Id, "a", Ct));

        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
    }

    [Fact]
    public async Task A_claim_holds_until_its_lease_lapses_then_the_next_attempt_claims_it()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);

        await AdvanceAsync(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));

        await AdvanceAsync(TimeSpan.FromSeconds(1.5));
        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
    }

    [Fact]
    public async Task A_stale_owner_cannot_complete_after_another_claimed_and_the_new_claim_is_intact()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);
        await AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        await Inbox.TryClaimAsync(Id, "b", Lease, Ct);

        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync(Id, "a", Retention, Ct));

        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "c", Lease, Ct));
        Assert.Equal(OmsWebhookCompleteResult.Completed, await Inbox.CompleteAsync(Id, "b", Retention, Ct));
    }

    [Fact]
    public async Task A_stale_owner_cannot_release_after_another_claimed_and_the_new_claim_is_intact()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);
        await AdvanceAsync(Lease + TimeSpan.FromSeconds(1));
        await Inbox.TryClaimAsync(Id, "b", Lease, Ct);

        Assert.Equal(OmsWebhookReleaseResult.NotOwner, await Inbox.ReleaseAsync(Id, "a", Ct));

        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "c", Lease, Ct));
        Assert.Equal(OmsWebhookReleaseResult.Released, await Inbox.ReleaseAsync(Id, "b", Ct));
    }

    [Fact]
    public async Task Another_attempt_cannot_complete_or_release_a_live_claim()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);

        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync(Id, "b", Retention, Ct));
        Assert.Equal(OmsWebhookReleaseResult.NotOwner, await Inbox.ReleaseAsync(Id, "b", Ct));

        Assert.Equal(OmsWebhookClaimResult.InProgress, await Inbox.TryClaimAsync(Id, "c", Lease, Ct));
        Assert.Equal(OmsWebhookCompleteResult.Completed, await Inbox.CompleteAsync(Id, "a", Retention, Ct));
    }

    [Fact]
    public async Task An_owner_whose_lease_lapsed_cannot_complete_even_when_nobody_claimed_since()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);
        await AdvanceAsync(Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync(Id, "a", Retention, Ct));
        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
    }

    [Fact]
    public async Task Nothing_can_be_completed_or_released_that_was_never_claimed()
    {
        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync(Id, "a", Retention, Ct));
        Assert.Equal(OmsWebhookReleaseResult.NotOwner, await Inbox.ReleaseAsync(Id, "a", Ct));
        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "a", Lease, Ct));
    }

    [Fact]
    public async Task A_done_delivery_cannot_be_completed_again_nor_released()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);
        await Inbox.CompleteAsync(Id, "a", Retention, Ct);

        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync(Id, "a", Retention, Ct));
        Assert.Equal(OmsWebhookReleaseResult.NotOwner, await Inbox.ReleaseAsync(Id, "a", Ct));
        Assert.Equal(OmsWebhookClaimResult.Done, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
    }

    [Fact]
    public async Task A_done_delivery_is_forgotten_after_the_retention()
    {
        await Inbox.TryClaimAsync(Id, "a", Lease, Ct);
        await Inbox.CompleteAsync(Id, "a", Retention, Ct);

        await AdvanceAsync(Retention - TimeSpan.FromSeconds(1));
        Assert.Equal(OmsWebhookClaimResult.Done, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync(Id, "b", Lease, Ct));
    }

    [Fact]
    public async Task Ids_are_independent()
    {
        await Inbox.TryClaimAsync("msg_one", "a", Lease, Ct);

        Assert.Equal(OmsWebhookClaimResult.Claimed, await Inbox.TryClaimAsync("msg_two", "b", Lease, Ct));
        Assert.Equal(OmsWebhookCompleteResult.NotOwner, await Inbox.CompleteAsync("msg_two", "a", Retention, Ct));
    }

    [Fact]
    public async Task Of_many_concurrent_claims_exactly_one_wins()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Inbox.TryClaimAsync(Id, $"owner{i}", Lease, Ct).AsTask(), Ct)));

        Assert.Single(claims, c => c == OmsWebhookClaimResult.Claimed);
        Assert.All(claims.Where(c => c != OmsWebhookClaimResult.Claimed), c => Assert.Equal(OmsWebhookClaimResult.InProgress, c));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.TryClaimAsync("", "a", Lease, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.TryClaimAsync(Id, "", Lease, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.TryClaimAsync(Id, "a", TimeSpan.Zero, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.CompleteAsync(Id, "a", TimeSpan.Zero, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inbox.ReleaseAsync(Id, "", Ct).AsTask());
    }
}

/// <summary>The contract on the in-process store, on a fake clock.</summary>
public sealed class InMemoryOmsWebhookInboxContractTests : OmsWebhookInboxContractTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));

    public override ValueTask InitializeAsync()
    {
        Inbox = new InMemoryOmsWebhookInbox(timeProvider: _clock);
        return ValueTask.CompletedTask;
    }

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task At_capacity_the_oldest_id_is_dropped_first()
    {
        var inbox = new InMemoryOmsWebhookInbox(capacity: 2, timeProvider: _clock);
        await inbox.TryClaimAsync("msg_1", "a", Lease, Ct);
        await inbox.TryClaimAsync("msg_2", "a", Lease, Ct);
        await inbox.CompleteAsync("msg_1", "a", Retention, Ct); // completing makes msg_1 the youngest

        await inbox.TryClaimAsync("msg_3", "a", Lease, Ct);

        Assert.Equal(2, inbox.Count);
        Assert.Equal(OmsWebhookClaimResult.Done, await inbox.TryClaimAsync("msg_1", "b", Lease, Ct));
        Assert.Equal(OmsWebhookClaimResult.InProgress, await inbox.TryClaimAsync("msg_3", "b", Lease, Ct));
    }
}

/// <summary>The contract on a real Redis; time passes by shortening the keys' TTLs, as Redis's own clock would.</summary>
public sealed class RedisOmsWebhookInboxContractTests : OmsWebhookInboxContractTests
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private RedisServer _redis = null!;
    private RedisOmsWebhookInbox _inbox = null!;

    public override async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(Ct);
        _inbox = new RedisOmsWebhookInbox(_redis.Configuration, new RedisOmsWebhookInboxOptions { KeyPrefix = _prefix });
        Inbox = _inbox;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_inbox is not null)
        {
            await _inbox.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override async Task AdvanceAsync(TimeSpan by)
    {
        foreach (var key in _redis.AdminServer.Keys(pattern: _prefix + "*"))
        {
            var left = await _redis.Admin.KeyTimeToLiveAsync(key);
            if (left is null)
            {
                continue;
            }

            if (left.Value <= by)
            {
                await _redis.Admin.KeyDeleteAsync(key);
            }
            else
            {
                await _redis.Admin.KeyExpireAsync(key, left.Value - by);
            }
        }
    }

    [Fact]
    public async Task Keys_carry_the_prefix_and_expire_with_the_lease_then_the_retention()
    {
        await Inbox.TryClaimAsync("msg_key", "a", Lease, Ct);
        var claimTtl = await _redis.Admin.KeyTimeToLiveAsync(_prefix + "msg_key");
        await Inbox.CompleteAsync("msg_key", "a", Retention, Ct);
        var doneTtl = await _redis.Admin.KeyTimeToLiveAsync(_prefix + "msg_key");

        Assert.InRange(claimTtl!.Value, Lease - TimeSpan.FromSeconds(2), Lease);
        Assert.InRange(doneTtl!.Value, Retention - TimeSpan.FromSeconds(2), Retention);
        Assert.Equal("done", await _redis.Admin.StringGetAsync(_prefix + "msg_key"));
    }

    [Fact]
    public async Task Inboxes_with_different_prefixes_do_not_see_each_other()
    {
        await using var other = new RedisOmsWebhookInbox(_redis.Configuration, new RedisOmsWebhookInboxOptions { KeyPrefix = "other:" + _prefix });
        await Inbox.TryClaimAsync("msg_shared", "a", Lease, Ct);

        Assert.Equal(OmsWebhookClaimResult.Claimed, await other.TryClaimAsync("msg_shared", "b", Lease, Ct));
    }

    [Fact]
    public async Task Two_connections_to_one_redis_share_claims_as_a_fleet_does()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var second = new RedisOmsWebhookInbox(connection, new RedisOmsWebhookInboxOptions { KeyPrefix = _prefix });
        await Inbox.TryClaimAsync("msg_fleet", "a", Lease, Ct);

        Assert.Equal(OmsWebhookClaimResult.InProgress, await second.TryClaimAsync("msg_fleet", "b", Lease, Ct));
        await Inbox.CompleteAsync("msg_fleet", "a", Retention, Ct);
        Assert.Equal(OmsWebhookClaimResult.Done, await second.TryClaimAsync("msg_fleet", "b", Lease, Ct));
    }

    [Fact]
    public async Task A_stopped_redis_fails_the_claim_within_the_timeout()
    {
        await using var inbox = new RedisOmsWebhookInbox(_redis.Configuration, new RedisOmsWebhookInboxOptions { KeyPrefix = _prefix, OperationTimeout = TimeSpan.FromMilliseconds(500) });
        await inbox.TryClaimAsync("msg_warm", "a", Lease, Ct); // connected first, then the server goes away
        _redis.Stop();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => inbox.TryClaimAsync("msg_down", "a", Lease, Ct).AsTask());

        Assert.True(error is RedisException or TimeoutException, error.ToString());
    }

    [Fact]
    public async Task A_paused_redis_fails_the_claim_with_a_timeout()
    {
        await using var inbox = new RedisOmsWebhookInbox(_redis.Configuration, new RedisOmsWebhookInboxOptions { KeyPrefix = _prefix, OperationTimeout = TimeSpan.FromMilliseconds(300) });
        await inbox.TryClaimAsync("msg_warm", "a", Lease, Ct);
        await _redis.PauseAsync(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => inbox.TryClaimAsync("msg_paused", "a", Lease, Ct).AsTask());

        Assert.Contains("OperationTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_string_fails_without_repeating_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisOmsWebhookInbox("localhost,password=hunter2-secret,nonsense=1", new RedisOmsWebhookInboxOptions()));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("may hold a password", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("timeout")]
    public void Bad_options_fail_with_the_setting_named(string which)
    {
        var options = which == "" ? new RedisOmsWebhookInboxOptions { KeyPrefix = "" } : new RedisOmsWebhookInboxOptions { OperationTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new RedisOmsWebhookInbox(_redis.Configuration, options));

        Assert.Contains(which == "" ? "KeyPrefix" : "OperationTimeout", error.Message, StringComparison.Ordinal);
    }
}
