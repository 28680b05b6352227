using Oms.Sdk.Tests.Infrastructure;
using System.Diagnostics;
using Oms.Sdk.Testing;

namespace Oms.Sdk.Tests.Aot;

/// <summary>
/// Runs the Native AOT build of tests/Oms.Sdk.AotSmoke against a fake OMS: the SDK's client and webhook code work
/// with no JIT and no reflection beyond what survives trimming.
/// </summary>
/// <remarks>
/// The binary comes from <c>OMS_AOT_SMOKE_BINARY</c>, which .ci/run sets after publishing; there a missing binary fails
/// the test. Without the variable (a local <c>dotnet test</c>) the test looks in the default publish folder and, when
/// nothing was published there, reports itself skipped with the command that publishes it: it did not run, and a skip
/// says so without failing a suite that never asked for a native build.
/// </remarks>
public sealed class AotSmokeTests(ITestOutputHelper output)
{
    public const string BinaryVariable = "OMS_AOT_SMOKE_BINARY";
    private const string PublishCommand =
        "dotnet publish tests/Oms.Sdk.AotSmoke -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot/Oms.Sdk.AotSmoke";

    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Native_binary_creates_gets_lists_and_verifies_a_webhook_against_the_fake()
    {
        var binary = FindBinary();
        await using var oms = FakeOmsServer.Start();

        var (exitCode, stdout, stderr) = await RunAgainstAsync(binary, oms, oms.ApiSecret);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^first-call-ms=\d+$", lines[0]);
        var create = Assert.Single(lines, l => l.StartsWith("create: ok id=", StringComparison.Ordinal));
        var id = create["create: ok id=".Length..].Split(' ')[0];
        Assert.Contains($"get: ok id={id} status=Active", lines);
        Assert.Contains(lines, l => l.StartsWith("list-all: ok count=", StringComparison.Ordinal));
        Assert.Contains("webhook: ok type=customer.endorsement.granted", lines);
        Assert.Equal("smoke: ok", lines[^1]);

        var stored = Assert.Single(oms.Customers, c => c.Id == id);
        Assert.Equal(("Ada", "Smoke"), (stored.FirstName, stored.LastName));
        Assert.StartsWith("aot-smoke-", stored.ExternalId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_binary_exits_non_zero_with_a_reason_when_oms_refuses_the_key()
    {
        var binary = FindBinary();
        await using var oms = FakeOmsServer.Start();

        var (exitCode, stdout, stderr) = await RunAgainstAsync(binary, oms, apiSecret: "not-the-secret");

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("smoke: ok", stdout, StringComparison.Ordinal);
        Assert.Contains("smoke: FAILED at create: OmsAuthenticationException", stderr, StringComparison.Ordinal);
        Assert.Empty(oms.Customers);
    }

    private static string FindBinary()
    {
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"{BinaryVariable} is '{given}', but no file is there. Publish it with: {PublishCommand}");
            return given;
        }

        var root = RepositoryPaths.Root;
        var binary = Path.Combine(root, "artifacts", "aot", "Oms.Sdk.AotSmoke", "Oms.Sdk.AotSmoke");
        if (!File.Exists(binary))
        {
            Assert.Skip($"No Native AOT smoke binary at {binary} and {BinaryVariable} is not set. Publish it from {root} with: {PublishCommand} (.ci/run does).");
        }

        return binary;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAgainstAsync(string binary, FakeOmsServer oms, string apiSecret)
    {
        var result = await RunAsync(
            binary,
            "--base-address", oms.BaseAddress.ToString(),
            "--api-key", oms.ApiKey,
            "--api-secret", apiSecret,
            "--webhook-secret", oms.WebhookSecret);
        output.WriteLine(result.Stdout);
        output.WriteLine(result.Stderr);
        return result;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string binary, params string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Settings come from the arguments alone: none of a developer's OMS_* variables may leak in.
        foreach (var variable in new[] { "OMS_BASE_ADDRESS", "OMS_API_KEY", "OMS_API_SECRET", "OMS_WEBHOOK_SECRET" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{binary} did not finish within {RunLimit.TotalSeconds} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
