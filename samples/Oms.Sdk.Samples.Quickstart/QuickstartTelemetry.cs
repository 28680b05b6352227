using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Oms.Sdk.Samples.Quickstart;

/// <summary>
/// The <c>--trace</c> switch: prints the SDK's spans (with HttpClient's attempt spans under them) and, at exit, its
/// metrics, using OpenTelemetry's console exporter. In an application these are the same two lines,
/// <c>AddSource("Oms.Sdk")</c> and <c>AddMeter("Oms.Sdk")</c>, with the exporter you use.
/// </summary>
public static class QuickstartTelemetry
{
    /// <summary>The command-line switch.</summary>
    public const string Switch = "--trace";

    /// <summary>The span sources to export: the SDK's operations and HttpClient's attempts.</summary>
    public static readonly string[] Sources = ["Oms.Sdk", "System.Net.Http"];

    /// <summary>The meter to export.</summary>
    public const string Meter = "Oms.Sdk";

    /// <summary>Starts console export when <paramref name="args"/> holds <see cref="Switch"/>; disposing flushes it.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The providers to dispose at exit, or <see langword="null"/> when tracing is off.</returns>
    public static IDisposable? Start(string[] args)
    {
        if (!args.Contains(Switch))
        {
            return null;
        }

        var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(Sources).AddConsoleExporter().Build();
        var metrics = OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddMeter(Meter).AddConsoleExporter().Build();
        return new Providers(tracing, metrics);
    }

    private sealed class Providers(TracerProvider tracing, MeterProvider metrics) : IDisposable
    {
        public void Dispose()
        {
            tracing.Dispose();
            metrics.Dispose();
        }
    }
}
