using BenchmarkDotNet.Running;
using Oms.Sdk.Benchmarks.Quick;

// `-- --quick`: a one-minute pass that prints one ratio line per pair; anything else goes to BenchmarkDotNet
// (for example `-- --filter '*'` for the README table).
if (args.Contains("--quick"))
{
    return await QuickRun.RunAsync();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
