namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>The test clock the retry and timeout tests rely on: time moved from a thread of the test's own trips every timeout it passes.</summary>
public sealed class TestClockTests
{
    [Fact]
    public async Task Time_moved_while_another_thread_runs_timers_returns_only_once_the_timers_it_made_due_have_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new TestClock();
        using var busy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var laterRan = 0;

        // A timer whose callback keeps the fake provider's timer loop busy on another thread, as a cancelled attempt's
        // continuations can: time moved meanwhile only makes timers due, and that thread runs them when it is free.
        using var holding = clock.CreateTimer(_ =>
        {
            busy.Set();
            release.Wait(TimeSpan.FromSeconds(30), ct);
        }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var holder = Task.Run(() => clock.Advance(TimeSpan.FromSeconds(1)), ct);
        Assert.True(busy.Wait(TimeSpan.FromSeconds(30), ct));

        using var later = clock.CreateTimer(_ => Interlocked.Exchange(ref laterRan, 1), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.WaitingForTimers += release.Set;

        var ranWhenReturned = await Task.Run(() =>
        {
            clock.AdvanceAndRunDueTimers(TimeSpan.FromSeconds(1));
            return Volatile.Read(ref laterRan);
        }, ct);
        release.Set();
        await holder;

        Assert.Equal(1, ranWhenReturned);
    }

    [Fact]
    public void A_timer_stopped_or_re_armed_before_its_time_is_not_waited_for()
    {
        var clock = new TestClock();
        var ran = 0;
        using var stopped = clock.CreateTimer(_ => ran++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var moved = clock.CreateTimer(_ => ran++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.True(stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.True(moved.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan));

        clock.AdvanceAndRunDueTimers(TimeSpan.FromSeconds(2));
        Assert.Equal(0, ran);

        clock.AdvanceAndRunDueTimers(TimeSpan.FromSeconds(10));
        Assert.Equal(1, ran);
    }
}
