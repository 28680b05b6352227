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
        var timer = new ObservedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Observe(dueTime);
        return timer;
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

    private sealed class ObservedTimer(TestClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Observe(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
