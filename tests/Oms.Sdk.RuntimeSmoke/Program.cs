using Oms.Sdk.Tests.Shared;

// Issue #18's scenarios (tests/Shared/ReachScenarios.cs) on whichever runtime runs this: `dotnet` on net10.0, the
// self-contained net8.0 publish, `mono` on net472. One line per check ("ok" or "FAIL"); the exit code is the verdict.
Console.WriteLine("runtime: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
var failures = 0;
using var scenarios = new ReachScenarios();
foreach (var (scenario, run) in scenarios.All())
{
    List<(bool Ok, string What)> checks;
    try
    {
        checks = await run();
    }
    catch (Exception e)
    {
        checks = [(false, scenario + ": " + e.GetType().Name + ": " + e.Message)];
    }

    foreach (var (ok, what) in checks)
    {
        Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
        failures += ok ? 0 : 1;
    }
}

Console.WriteLine(failures == 0 ? "smoke: all passed" : "smoke: " + failures + " failed");
return failures == 0 ? 0 : 1;
