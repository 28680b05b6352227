using Oms.Sdk.Samples.Quickstart;
using Oms.Sdk.Tests.Diagnostics;
using Oms.Sdk.Tests.Infrastructure;
using OpenTelemetry.Trace;
using System.Text.RegularExpressions;

namespace Oms.Sdk.Tests.Samples;

/// <summary>The quickstart's <c>--trace</c> switch: the SDK's spans reach OpenTelemetry, and the console exporter prints them.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class QuickstartTraceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_flow_exports_one_span_per_operation_with_http_attempts_beneath_through_the_switchs_sources()
    {
        var exported = new List<System.Diagnostics.Activity>();
        using (OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(QuickstartTelemetry.Sources).AddInMemoryExporter(exported).Build())
        {
            var settings = new QuickstartSettings
            {
                FirstPollDelay = TimeSpan.FromMilliseconds(20),
                MaxPollDelay = TimeSpan.FromMilliseconds(100),
                SimulatedKycDelay = TimeSpan.FromMilliseconds(50),
            };
            var output = new StringWriter();
            Assert.True(await Quickstart.RunAsync(_ => null, output, settings, Ct) == Quickstart.Succeeded, output.ToString());
        }

        var create = Assert.Single(exported, a => a.OperationName == "oms.customers.create" && Equals(a.GetTagItem("oms.idempotency_key"), "create-customer-quickstart-jane-smith"));
        Assert.Contains(exported, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == create.SpanId);
        Assert.Contains(exported, a => a.OperationName == "oms.customers.get");
        Assert.Contains(exported, a => a.OperationName == "oms.customers.list");
    }

    [Fact]
    public async Task Run_with_trace_prints_a_compact_span_tree_with_one_retry_on_the_embedded_fake()
    {
        // The sample's own output folder: it runs with its own dependencies, as `dotnet run` would.
        var dll = RepositoryPaths.Output("samples/Oms.Sdk.Samples.Quickstart", "Oms.Sdk.Samples.Quickstart");
        var environment = new Dictionary<string, string?>(ProcessRunner.DotnetEnvironment) { ["OMS_API_KEY"] = null, ["OMS_API_SECRET"] = null };

        var result = await ProcessRunner.RunAsync("dotnet", [dll, QuickstartTelemetry.Switch], AppContext.BaseDirectory, TimeSpan.FromMinutes(2), environment, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Done: the customer is onboarded", StringComparison.Ordinal));
        // The onboarding's create: its first attempt met the injected 503 and was retried with the same key.
        var create = Array.FindIndex(lines, l => l.StartsWith("   trace: oms.customers.create", StringComparison.Ordinal) && l.Contains("idempotency key create-customer-quickstart-jane-smith", StringComparison.Ordinal));
        Assert.True(create >= 0, result.ToString());
        Assert.Matches(@"^   trace: oms\.customers\.create  \d+ ms, success, 2 attempt\(s\), HTTP 201, idempotency key create-customer-quickstart-jane-smith, customer cst_\w+$", lines[create]);
        Assert.Matches(@"^   trace:   ├─ POST /v0\.9/customers  \d+ ms  → 503$", lines[create + 1]);
        Assert.Matches(@"^   trace:   └─ POST /v0\.9/customers  \d+ ms  → 201$", lines[create + 2]);
        Assert.Contains("1. Created customer", lines[create + 3], StringComparison.Ordinal);
        Assert.Contains("2 HTTP attempt(s)", lines[create + 3], StringComparison.Ordinal);
        // The very first call of the client also exchanged the key for a token, under the same operation.
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^   trace:   ├─ POST /v0\.9/auth/token  \d+ ms  → 200$"));
        Assert.Contains(lines, l => l.StartsWith("   trace: oms.customers.list", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  oms.client.retries: customers.create 503 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  oms.client.operations: ", StringComparison.Ordinal));
        // Compact: the raw console exporter printed 734 lines for this run.
        Assert.True(lines.Length < 80, $"{lines.Length} lines:{Environment.NewLine}{result.Output}");
    }

    [Fact]
    public void A_span_tree_names_each_attempt_in_start_order_with_its_status()
    {
        using var source = new System.Diagnostics.ActivitySource("Oms.Sdk.Tests.SpanTree");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var operation = source.StartActivity("oms.customers.get")!;
        operation.SetTag("oms.outcome", "OmsConnectionException").SetTag("oms.attempts", 2);
        var first = source.StartActivity("GET")!.SetTag("url.full", "http://127.0.0.1:1/v0.9/customers/cst_1").SetTag("error.type", "connection_error");
        first.Stop();
        var second = source.StartActivity("GET")!.SetTag("url.full", "http://127.0.0.1:1/v0.9/customers/cst_1").SetTag("http.response.status_code", 502);
        second.Stop();
        operation.Stop();

        var lines = QuickstartTelemetry.Format(operation, [second, first]);

        Assert.Equal(3, lines.Count);
        Assert.Matches(@"^   trace: oms\.customers\.get  \d+ ms, OmsConnectionException, 2 attempt\(s\)$", lines[0]);
        Assert.Matches(@"^   trace:   ├─ GET /v0\.9/customers/cst_1  \d+ ms  → connection_error$", lines[1]);
        Assert.Matches(@"^   trace:   └─ GET /v0\.9/customers/cst_1  \d+ ms  → 502$", lines[2]);
    }
}
