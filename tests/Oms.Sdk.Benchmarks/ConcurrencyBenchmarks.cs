using BenchmarkDotNet.Attributes;
using Oms.Sdk.Benchmarks.Concurrency;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks;

/// <summary>
/// <c>GetAsync</c> over real loopback sockets (Kestrel in the same process) with 1, 16 or 64 calls in flight: each
/// invocation completes <see cref="Calls"/> calls, so the mean per operation is the time per call at that concurrency
/// (calls per second = 1 / mean). The quick figures come from <c>--concurrency</c>.
/// </summary>
[MemoryDiagnoser]
public class ConcurrencyBenchmarks
{
    private const int Calls = 256;

    private LoopbackOms _oms = null!;

    [Params(1, 16, 64)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _oms = await LoopbackOms.StartAsync();

    [GlobalCleanup]
    public async Task CleanupAsync() => await _oms.DisposeAsync();

    [Benchmark(Description = "SDK", OperationsPerInvoke = Calls)]
    public Task Sdk() => RunAsync(() => _oms.Sdk.Customers.GetAsync(CustomerContenders.CustomerId));

    [Benchmark(Description = "floor", Baseline = true, OperationsPerInvoke = Calls)]
    public Task Floor() => RunAsync(() => _oms.Floor.GetAsync(CustomerContenders.CustomerId));

    private async Task RunAsync(Func<Task> call)
    {
        var next = -1;
        async Task WorkAsync()
        {
            while (Interlocked.Increment(ref next) < Calls)
            {
                await call().ConfigureAwait(false);
            }
        }

        var workers = new Task[InFlight];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
