using Oms.Sdk.Samples.Quickstart;
using Oms.Sdk.Tests.Diagnostics;
using Oms.Sdk.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

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
    public async Task Run_with_trace_prints_the_spans_on_the_console()
    {
        // The sample's own output folder: it runs with its own dependencies, as `dotnet run` would.
        var dll = RepositoryPaths.Output("samples/Oms.Sdk.Samples.Quickstart", "Oms.Sdk.Samples.Quickstart");

        var result = await ProcessRunner.RunAsync("dotnet", [dll, QuickstartTelemetry.Switch], AppContext.BaseDirectory, TimeSpan.FromMinutes(2), ProcessRunner.DotnetEnvironment, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Done: the customer is onboarded.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Activity.DisplayName:        oms.customers.create", result.Output, StringComparison.Ordinal);
        Assert.Contains("oms.idempotency_key: create-customer-quickstart-jane-smith", result.Output, StringComparison.Ordinal);
        Assert.Contains("oms.client.operations", result.Output, StringComparison.Ordinal);
    }
}
