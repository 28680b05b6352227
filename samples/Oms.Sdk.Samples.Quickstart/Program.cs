// The OMS onboarding flow, end to end (the steps are in Onboarding.cs):
//
//   dotnet run --project samples/Oms.Sdk.Samples.Quickstart
//
// With OMS_API_KEY and OMS_API_SECRET set (OMS_BASE_URL optional, sandbox by default) it talks to OMS. Without
// OMS_API_KEY it starts a fake OMS in this process, so it runs with no account. Exit code 0 means every step passed.
// Add --trace to print each SDK call as a span tree, and a metrics summary at exit; --help says it all:
//
//   dotnet run --project samples/Oms.Sdk.Samples.Quickstart -- --trace
using Oms.Sdk.Samples.Quickstart;

if (Quickstart.HandleArguments(args, Console.Out) is { } exitCode)
{
    return exitCode; // --help, or an argument it does not know
}

using var telemetry = QuickstartTelemetry.Start(args, Console.Out);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop the flow cleanly instead of killing the process
    stop.Cancel();
};

return await Quickstart.RunAsync(Environment.GetEnvironmentVariable, Console.Out, new QuickstartSettings { DemonstrateRetry = telemetry is not null }, stop.Token);
