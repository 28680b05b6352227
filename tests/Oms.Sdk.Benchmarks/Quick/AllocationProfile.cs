using System.Diagnostics.Tracing;
using System.Globalization;

namespace Oms.Sdk.Benchmarks.Quick;

/// <summary>
/// <c>--allocations NAME SECONDS</c>: runs one contender's call in a loop (the names of <c>--loop</c>) while listening
/// to the runtime's allocation ticks (one event per ~100 KB allocated, naming the type that crossed the mark), and
/// prints the types by share of the samples: a sampled picture of where a call's bytes go, with no profiler needed.
/// </summary>
internal sealed class AllocationProfile : EventListener
{
    private const int GcKeyword = 0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private bool _recording;

    public static async Task<int> RunAsync(string name, double seconds)
    {
        using var profile = new AllocationProfile();
        profile._recording = true;
        await QuickRun.LoopAsync(name, seconds);
        profile._recording = false;
        profile.Print();
        return 0;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is not { } eventName || !eventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = eventData.Payload![names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount")], CultureInfo.InvariantCulture);
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }

    private void Print()
    {
        lock (_bytesByType)
        {
            var total = (double)_bytesByType.Values.Sum();
            Console.WriteLine($"# allocation ticks by type ({total / 1024 / 1024:0} MB sampled)");
            foreach (var (type, bytes) in _bytesByType.OrderByDescending(p => p.Value).Take(40))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / total * 100,6:0.0}%  {type}"));
            }
        }
    }
}
