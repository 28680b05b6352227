using Microsoft.Extensions.Time.Testing;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that sees every timer the SDK starts. Timers the test marks as waits
/// (backoff delays by default) are recorded and elapse at once by advancing fake time by exactly their due
/// time, so a retry test neither sleeps nor loses track of how long the SDK chose to wait.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly List<TimeSpan> _waits = [];

    public TestClock()
        : base(new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Which timers are waits that should elapse at once. Default: none (set by the test).</summary>
    public Func<TimeSpan, bool> IsWait { get; set; } = _ => false;

    /// <summary>Raised (on a pool thread) when a timer the test did not mark as a wait is started.</summary>
    public event Action<TimeSpan>? TimerStarted;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public TimeSpan TotalWaited => Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Polly arms pooled cancellation sources with ITimer.Change rather than new timers, so both are watched.
        var timer = new ObservedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static t => ((ObservedTimer)t!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Advances time by <paramref name="delta"/> and returns once every timer due by then has run. For a test that moves
    /// time from a thread of its own (a fake server's answer, a handler): <see cref="FakeTimeProvider.Advance(TimeSpan)"/>
    /// returns at once when another thread is already running timers, and leaves the ones it made due to that thread,
    /// so an answer sent right after it could beat the timeout it was meant to trip.
    /// </summary>
    /// <exception cref="TimeoutException">The due timers did not all run within 30 seconds of real time.</exception>
    public void AdvanceAndRunDueTimers(TimeSpan delta)
    {
        Advance(delta);
        var now = Now;
        var patience = global::System.Diagnostics.Stopwatch.StartNew();
        lock (_armed)
        {
            while (_armed.Any(t => t.DueTicks <= now))
            {
                WaitingForTimers?.Invoke();
                var left = TimeSpan.FromSeconds(30) - patience.Elapsed;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_armed, left))
                {
                    throw new TimeoutException($"Timers due at {new DateTimeOffset(now, TimeSpan.Zero):O} had not run after 30 s of real time.");
                }
            }
        }
    }

    /// <summary>Raised (under the clock's lock) each time <see cref="AdvanceAndRunDueTimers"/> finds a due timer not yet run and waits for it.</summary>
    internal event Action? WaitingForTimers;

    /// <summary>
    /// The fake time in ticks, read without running anything: <see cref="FakeTimeProvider.GetUtcNow"/> runs due timers
    /// on the calling thread, which under this clock's lock could run a timeout's continuations there and deadlock with a
    /// thread waiting in <see cref="AdvanceAndRunDueTimers"/>. The provider's timestamp is its time in ticks.
    /// </summary>
    private long Now => GetTimestamp();

    /// <summary>Timers armed and not yet run, each with the fake time it is due at.</summary>
    private readonly HashSet<ObservedTimer> _armed = [];

    /// <summary>
    /// Marks <paramref name="timer"/> armed (due at once until its due time is known) or stopped, before the fake provider
    /// arms it; returns its generation for <see cref="Armed"/>.
    /// </summary>
    private int Arming(ObservedTimer timer, TimeSpan dueTime)
    {
        lock (_armed)
        {
            timer.Generation++;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _ = _armed.Remove(timer);
            }
            else
            {
                timer.DueTicks = long.MinValue;
                _ = _armed.Add(timer);
            }

            Monitor.PulseAll(_armed);
            return timer.Generation;
        }
    }

    /// <summary>
    /// Records when an armed timer is due, once the fake provider has armed it: from the time after, so never earlier than
    /// the provider's own (a timer that already ran, at once or on another thread, is left as it ran).
    /// </summary>
    private void Armed(ObservedTimer timer, TimeSpan dueTime, int generation)
    {
        lock (_armed)
        {
            if (timer.Generation == generation && dueTime != Timeout.InfiniteTimeSpan && _armed.Contains(timer))
            {
                timer.DueTicks = Now + Math.Max(0, dueTime.Ticks);
            }

            Monitor.PulseAll(_armed);
        }
    }

    private void Ran(ObservedTimer timer, TimeSpan period, int generation)
    {
        lock (_armed)
        {
            if (timer.Generation != generation)
            {
                return; // re-armed (or stopped) by its own callback: that is what counts
            }

            if (period > TimeSpan.Zero)
            {
                timer.DueTicks = Now + period.Ticks;
            }
            else
            {
                _ = _armed.Remove(timer);
            }

            Monitor.PulseAll(_armed);
        }
    }

    private void Observe(TimeSpan dueTime)
    {
        if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (IsWait(dueTime))
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            // Elapse after the caller has stored and armed its timer, as a real clock would.
            ThreadPool.QueueUserWorkItem(_ => Advance(dueTime));
        }
        else if (TimerStarted is { } started)
        {
            ThreadPool.QueueUserWorkItem(_ => started(dueTime));
        }
    }

    private sealed class ObservedTimer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer Inner { get; set; } = null!;

        /// <summary>The fake time this timer is next due at, while it is armed.</summary>
        public long DueTicks { get; set; }

        /// <summary>How many times it was armed or stopped: a callback that re-arms its timer is not undone by its own end.</summary>
        public int Generation { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            var generation = clock.Arming(this, dueTime);
            var changed = Inner.Change(dueTime, period);
            clock.Armed(this, dueTime, generation);
            clock.Observe(dueTime);
            return changed;
        }

        public void Fire()
        {
            int generation;
            lock (clock._armed)
            {
                generation = Generation;
            }

            try
            {
                callback(state);
            }
            finally
            {
                clock.Ran(this, _period, generation);
            }
        }

        public void Dispose()
        {
            _ = clock.Arming(this, Timeout.InfiniteTimeSpan);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _ = clock.Arming(this, Timeout.InfiniteTimeSpan);
            return Inner.DisposeAsync();
        }
    }
}
