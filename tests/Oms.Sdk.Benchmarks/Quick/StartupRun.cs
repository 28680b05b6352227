using System.Diagnostics;
using System.Globalization;
using Oms.Sdk.Testing;

namespace Oms.Sdk.Benchmarks.Quick;

/// <summary>
/// <c>--startup N</c>: start-up of the AOT smoke app (tests/Oms.Sdk.AotSmoke), native vs JIT, against a fresh
/// <see cref="FakeOmsServer"/> per run. Reports medians of the app's own <c>first-call-ms</c> (process start to the first
/// successful call, from the process start time the kernel keeps, 10 ms steps) and of the time this harness sees from
/// starting the process to reading that line, and to the process's exit.
/// </summary>
/// <remarks>
/// Needs both builds: <c>dotnet publish tests/Oms.Sdk.AotSmoke -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot/Oms.Sdk.AotSmoke</c>
/// and <c>dotnet build tests/Oms.Sdk.AotSmoke -c Release</c>. Runs alternate, so both see the same machine.
/// </remarks>
internal static class StartupRun
{
    public static async Task<int> RunAsync(int runs)
    {
        var root = RepositoryRoot();
        var native = Path.Combine(root, "artifacts", "aot", "Oms.Sdk.AotSmoke", "Oms.Sdk.AotSmoke");
        var jit = Path.Combine(root, "tests", "Oms.Sdk.AotSmoke", "bin", "Release", "net10.0", "Oms.Sdk.AotSmoke.dll");
        foreach (var file in new[] { native, jit })
        {
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"missing {file}: publish (native) and build -c Release (JIT) tests/Oms.Sdk.AotSmoke first");
                return 2;
            }
        }

        var samples = new Dictionary<string, List<(double App, double Seen, double Exit)>> { ["native"] = [], ["jit"] = [] };
        for (var run = 0; run < runs; run++)
        {
            samples["native"].Add(await OnceAsync(native, []));
            samples["jit"].Add(await OnceAsync("dotnet", [jit]));
        }

        foreach (var (name, values) in samples)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"startup.{name}: runs={values.Count} first-call-ms median={Median(values.Select(v => v.App)):0} (app) {Median(values.Select(v => v.Seen)):0} (seen from spawn); exit-ms median={Median(values.Select(v => v.Exit)):0}; first-call-ms all=[{string.Join(' ', values.Select(v => v.App.ToString("0", CultureInfo.InvariantCulture)))}]"));
        }

        return 0;
    }

    private static async Task<(double App, double Seen, double Exit)> OnceAsync(string program, string[] prefix)
    {
        await using var oms = FakeOmsServer.Start();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(["--base-address", oms.BaseAddress.ToString(), "--api-key", oms.ApiKey, "--api-secret", oms.ApiSecret, "--webhook-secret", oms.WebhookSecret]))
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        double? app = null;
        double seen = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("first-call-ms=", StringComparison.Ordinal))
            {
                seen = clock.Elapsed.TotalMilliseconds;
                app = double.Parse(line["first-call-ms=".Length..], CultureInfo.InvariantCulture);
            }
        }

        await process.WaitForExitAsync();
        var exit = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0 || app is null)
        {
            throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }

        return (app.Value, seen, exit);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oms.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository (Oms.Sdk.sln not found above the current folder).");
    }
}
