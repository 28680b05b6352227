using System.Diagnostics;
using System.Globalization;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks.Concurrency;

/// <summary>
/// <c>--concurrency SECONDS</c>: calls per second of <c>GetAsync</c>, SDK against the floor, over real loopback sockets
/// (<see cref="LoopbackOms"/>) with 1, 16 and 64 calls in flight. Each level runs each contender for SECONDS, in five
/// interleaved rounds; the median round is reported, with SDK / floor (1.00 = as fast as the floor).
/// </summary>
internal static class ConcurrencyRun
{
    private static readonly int[] Levels = [1, 16, 64];
    private const int Rounds = 5;

    public static async Task<int> RunAsync(double seconds)
    {
        await using var oms = await LoopbackOms.StartAsync();
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"# concurrency: GetAsync over loopback Kestrel (same process), {seconds.ToString(CultureInfo.InvariantCulture)} s per contender and level, median of {Rounds} interleaved rounds, {Environment.ProcessorCount} cores");
        var sdk = new double[Levels.Length][];
        var floor = new double[Levels.Length][];
        for (var level = 0; level < Levels.Length; level++)
        {
            sdk[level] = new double[Rounds];
            floor[level] = new double[Rounds];
        }

        for (var round = 0; round < Rounds; round++)
        {
            for (var level = 0; level < Levels.Length; level++)
            {
                sdk[level][round] = await CallsPerSecondAsync(() => oms.Sdk.Customers.GetAsync(CustomerContenders.CustomerId), Levels[level], duration);
                floor[level][round] = await CallsPerSecondAsync(() => oms.Floor.GetAsync(CustomerContenders.CustomerId), Levels[level], duration);
            }
        }

        Console.WriteLine("| In flight | SDK calls/s | floor calls/s | SDK / floor |");
        Console.WriteLine("|---:|---:|---:|---:|");
        for (var level = 0; level < Levels.Length; level++)
        {
            var (s, f) = (Median(sdk[level]), Median(floor[level]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Levels[level]} | {s:N0} | {f:N0} | {s / f:0.00} |"));
        }

        return 0;
    }

    /// <summary>Keeps <paramref name="inFlight"/> calls going for <paramref name="duration"/> (after a short warm-up) and counts those that completed.</summary>
    internal static async Task<double> CallsPerSecondAsync(Func<Task> call, int inFlight, TimeSpan duration)
    {
        var completed = 0L;
        var counting = false;
        var stopAt = long.MaxValue;
        async Task WorkAsync()
        {
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
            {
                await call().ConfigureAwait(false);
                if (Volatile.Read(ref counting))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        }

        Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + (long)((duration.TotalSeconds + 0.3) * Stopwatch.Frequency));
        var workers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(WorkAsync)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(0.3)).ConfigureAwait(false);
        Volatile.Write(ref counting, true);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Interlocked.Read(ref completed) / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
