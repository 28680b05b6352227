using System.Diagnostics;
using BenchmarkDotNet.Running;
using Oms.Sdk.Benchmarks.Quick;

// `-- --quick`: a one-minute pass that prints one ratio line per pair (`-- --quick calls`: the single calls only, more rounds); anything else goes to BenchmarkDotNet
// (for example `-- --filter '*'` for the README table). `-- --loop sdk-get 10` runs one call in a loop for a profiler
// (`-- --allocations sdk-get 10`: the same, printing the types allocated by share, sampled from the runtime's events);
// `-- --startup 15` times the AOT smoke app's start-up, native vs JIT; `-- --concurrency 2` measures calls per second over
// loopback Kestrel with 1, 16 and 64 calls in flight.
if (args.Contains("--quick") || args is ["--loop", ..] || args is ["--allocations", ..] || args is ["--concurrency", _])
{
    // Tiered compilation and PGO take seconds to settle on a busy machine, and a pass timed before they do measures
    // half-optimized code at random. A short pass runs fully optimized from the first call instead: run again so.
    if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is null)
    {
        return await RunAgainAsync(args, "DOTNET_TieredCompilation", "0");
    }

    return args switch
    {
        ["--loop", var name, var seconds] => await QuickRun.LoopAsync(name, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
        ["--allocations", var name, var seconds] => await AllocationProfile.RunAsync(name, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
        ["--concurrency", var seconds] => await Oms.Sdk.Benchmarks.Concurrency.ConcurrencyRun.RunAsync(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
        ["--quick", "calls"] => await QuickRun.RunAsync(callsOnly: true),
        _ => await QuickRun.RunAsync(),
    };
}

if (args is ["--startup", var runs])
{
    return await StartupRun.RunAsync(int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

static async Task<int> RunAgainAsync(string[] args, string variable, string value)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
    }

    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    start.Environment[variable] = value;
    using var child = Process.Start(start)!;
    await child.WaitForExitAsync();
    return child.ExitCode;
}
