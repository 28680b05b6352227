using System.Diagnostics;
using System.Globalization;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks.Quick;

/// <summary>
/// The quick pass (<c>--quick</c>): each contender of a pair is warmed up, then timed in interleaved batches with
/// <see cref="ThreadClock"/> and <see cref="GC.GetTotalAllocatedBytes(bool)"/> (each batch starting after a full
/// collection); the fastest batch and the median allocation give one line per pair,
/// <c>name: ratio=X.XX alloc_ratio=Y.YY</c> (SDK / floor), the SDK against each other contender, then the absolute figures. Good for checking a change in
/// about a minute; the README table comes from the BenchmarkDotNet run.
/// </summary>
internal static class QuickRun
{
    private static int Rounds = 11;
    private static TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Batch = TimeSpan.FromMilliseconds(15);

    /// <param name="callsOnly">
    /// <c>--quick calls</c>: only the single calls (get, create, list), with 41 rounds instead of 11, for comparing two
    /// builds of the SDK on a noisy machine. Set <c>DOTNET_TieredCompilation=1</c> to measure tiered, PGO-optimized code
    /// (each contender warms up for 3 s first), as BenchmarkDotNet and applications run it.
    /// </param>
    public static async Task<int> RunAsync(bool callsOnly = false)
    {
        if (callsOnly)
        {
            Rounds = 41;

            // With tiered compilation left on (DOTNET_TieredCompilation=1), PGO needs a few seconds of calls to settle.
            WarmUp = TimeSpan.FromSeconds(3);
        }

        Console.WriteLine($"# quick pass: ratio = SDK / floor (time, allocated bytes); fastest of {Rounds} interleaved batches ({ThreadClock.Kind}), median allocation; JIT: {(Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "0" ? "full optimization, no tiering" : "tiered, with PGO")}");

        using (var one = new CustomerContenders(pages: 1))
        {
            await one.WarmUpAsync();
            await ReportAsync("GetAsync", one.SdkGetAsync, one.FloorGetAsync, ("refit", one.RefitGetAsync), ("nswag", one.NSwagGetAsync), ("kiota", one.KiotaGetAsync));
            await ReportAsync("CreateAsync", one.SdkCreateAsync, one.FloorCreateAsync, ("refit", one.RefitCreateAsync), ("nswag", one.NSwagCreateAsync), ("kiota", one.KiotaCreateAsync));
            await ReportAsync("ListAsync", one.SdkListAsync, one.FloorListAsync, ("refit", one.RefitListAsync), ("nswag", one.NSwagListAsync), ("kiota", one.KiotaListAsync));
        }

        if (callsOnly)
        {
            return 0;
        }

        using (var ten = new CustomerContenders(pages: 10))
        {
            await ten.WarmUpAsync();
            await ReportAsync("ListAllAsync(10 pages)", () => ten.SdkListAllAsync(), () => ten.FloorListAllAsync(), ("refit", () => ten.RefitListAllAsync()));
            await ReportPagingMemoryAsync(ten);
        }

        foreach (var size in new[] { 1024, 64 * 1024, 1024 * 1024 })
        {
            foreach (var secrets in new[] { 1, 3 })
            {
                var webhook = new WebhookContenders(size, secrets);
                webhook.EnsureAllAccept();
                await ReportAsync(
                    $"webhook.verify({size / 1024}KiB, {secrets} secret{(secrets > 1 ? "s" : "")})",
                    Sync(webhook.Sdk),
                    Sync(webhook.Floor),
                    ("standardwebhooks", Sync(webhook.StandardWebhooks)));
            }
        }

        return 0;
    }

    /// <summary>
    /// <c>--loop NAME SECONDS</c>: runs one contender's call in a loop, for a profiler to attach to (for example
    /// <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>). NAME is sdk|floor|refit + get|create|list|listall, or nswag|kiota + get|create|list.
    /// </summary>
    public static async Task<int> LoopAsync(string name, double seconds)
    {
        using var contenders = new CustomerContenders(pages: name.EndsWith("listall", StringComparison.Ordinal) ? 10 : 1);
        await contenders.WarmUpAsync();
        Func<Task> operation = name switch
        {
            "sdk-get" => contenders.SdkGetAsync,
            "floor-get" => contenders.FloorGetAsync,
            "refit-get" => contenders.RefitGetAsync,
            "sdk-create" => contenders.SdkCreateAsync,
            "floor-create" => contenders.FloorCreateAsync,
            "refit-create" => contenders.RefitCreateAsync,
            "sdk-list" => contenders.SdkListAsync,
            "floor-list" => contenders.FloorListAsync,
            "refit-list" => contenders.RefitListAsync,
            "nswag-get" => contenders.NSwagGetAsync,
            "nswag-create" => contenders.NSwagCreateAsync,
            "nswag-list" => contenders.NSwagListAsync,
            "kiota-get" => contenders.KiotaGetAsync,
            "kiota-create" => contenders.KiotaCreateAsync,
            "kiota-list" => contenders.KiotaListAsync,
            "sdk-listall" => () => contenders.SdkListAllAsync(),
            "floor-listall" => () => contenders.FloorListAllAsync(),
            "refit-listall" => () => contenders.RefitListAllAsync(),
            _ => throw new ArgumentException($"Unknown loop '{name}'.", nameof(name)),
        };
        var calls = 0L;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            await operation();
            calls++;
        }

        Console.WriteLine($"{name}: {calls} calls, {Time(Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls)} each");
        return 0;
    }

    private static Func<Task> Sync(Func<bool> verify) => () => verify() ? Task.CompletedTask : throw new InvalidOperationException("verification failed");

    /// <summary>
    /// One line per pair: <c>name: ratio=X.XX alloc_ratio=Y.YY</c> (SDK / floor), then for each other contender the
    /// SDK's time and bytes as a share of that contender's (<c>sdk/nswag=0.95/0.98</c>: the SDK takes 0.95 of NSwag's
    /// time and 0.98 of its bytes), then every contender's absolute figures. All contenders run in the same
    /// interleaved rounds, so a busy moment on the machine falls on all of them alike.
    /// </summary>
    private static async Task ReportAsync(string name, Func<Task> sdk, Func<Task> floor, params (string Name, Func<Task> Run)[] others)
    {
        var samples = await MeasureAsync([sdk, floor, .. others.Select(o => o.Run)]);
        var (s, f) = (samples[0], samples[1]);
        var line = new System.Text.StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{name}: ratio={Ratio(s.Nanoseconds, f.Nanoseconds)} alloc_ratio={Ratio(s.Bytes, f.Bytes)}");
        for (var i = 0; i < others.Length; i++)
        {
            var o = samples[i + 2];
            line.Append(CultureInfo.InvariantCulture, $" sdk/{others[i].Name}={Ratio(s.Nanoseconds, o.Nanoseconds)}/{Ratio(s.Bytes, o.Bytes)}");
        }

        line.Append(CultureInfo.InvariantCulture, $"  sdk={Time(s.Nanoseconds)}/{Size(s.Bytes)} floor={Time(f.Nanoseconds)}/{Size(f.Bytes)}");
        for (var i = 0; i < others.Length; i++)
        {
            var o = samples[i + 2];
            line.Append(CultureInfo.InvariantCulture, $" {others[i].Name}={Time(o.Nanoseconds)}/{Size(o.Bytes)}");
        }

        Console.WriteLine(line);
    }

    /// <summary>Shows that a walk holds one page at a time: allocation per page and heap alive mid-walk, 1 page vs 10.</summary>
    private static async Task ReportPagingMemoryAsync(CustomerContenders ten)
    {
        using var one = new CustomerContenders(pages: 1);
        await one.WarmUpAsync();
        var perPage = await MeasureAsync(() => one.SdkListAllAsync(), () => ten.SdkListAllAsync());
        var alive = new long[10];
        await ten.SdkListAllAsync(i =>
        {
            if (i % CannedOmsHandler.PageSize == CannedOmsHandler.PageSize / 2)
            {
                alive[i / CannedOmsHandler.PageSize] = GC.GetTotalMemory(forceFullCollection: true);
            }
        });
        Console.WriteLine(
            $"ListAllAsync.memory: per_page_alloc_ratio={Ratio(perPage[1].Bytes / 10, perPage[0].Bytes)}" +
            $"  sdk allocated/page 1 page={Size(perPage[0].Bytes)} 10 pages={Size(perPage[1].Bytes / 10)};" +
            $" heap alive mid-page 1={Size(alive[0])} mid-page 10={Size(alive[9])}");
    }

    private static async Task<(double Nanoseconds, double Bytes)[]> MeasureAsync(params Func<Task>[] operations)
    {
        var iterations = new int[operations.Length];
        for (var i = 0; i < operations.Length; i++)
        {
            iterations[i] = await CalibrateAsync(operations[i]);
        }

        var times = operations.Select(_ => new List<double>()).ToArray();
        var bytes = operations.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < operations.Length; i++)
            {
                // Start each batch on an empty young generation, so a collection lands in no batch in particular.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var start = ThreadClock.NowNanoseconds();
                for (var n = 0; n < iterations[i]; n++)
                {
                    await operations[i]();
                }

                var elapsed = ThreadClock.NowNanoseconds() - start;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                times[i].Add((double)elapsed / iterations[i]);
                bytes[i].Add((double)allocated / iterations[i]);
            }
        }

        // The fastest batch is the one least disturbed by whatever else the machine was doing.
        return [.. operations.Select((_, i) => (times[i].Min(), Median(bytes[i])))];
    }

    /// <summary>Runs the operation for the warm-up time, then sizes a batch. (The pass runs without tiered compilation: see Program.)</summary>
    private static async Task<int> CalibrateAsync(Func<Task> operation)
    {
        var runs = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < WarmUp)
        {
            await operation();
            runs++;
        }

        var perRun = Stopwatch.GetElapsedTime(start) / runs;
        return Math.Max(1, (int)(Batch / perRun));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Ratio(double value, double floor) =>
        floor > 0 ? (value / floor).ToString("0.00", CultureInfo.InvariantCulture)
        : value > 0 ? "inf" : "1.00";

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0}ns"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1000:0.0}us"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:0.0}ms"),
    };

    private static string Size(double bytes) => bytes switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes:0}B"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0}KB"),
    };
}
