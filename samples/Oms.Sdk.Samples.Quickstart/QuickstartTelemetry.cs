using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Oms.Sdk.Samples.Quickstart;

/// <summary>
/// The <c>--trace</c> switch: prints each SDK operation as a small span tree (HttpClient's attempt spans under it) as soon
/// as it ends, and at exit a summary of the SDK's metrics. In an application these are the same two lines,
/// <c>AddSource("Oms.Sdk")</c> and <c>AddMeter("Oms.Sdk")</c>, with the exporter you use.
/// </summary>
public static class QuickstartTelemetry
{
    /// <summary>The command-line switch.</summary>
    public const string Switch = "--trace";

    /// <summary>The span sources to export: the SDK's operations and HttpClient's attempts.</summary>
    public static readonly string[] Sources = ["Oms.Sdk", "System.Net.Http"];

    /// <summary>The meter to summarise.</summary>
    public const string Meter = "Oms.Sdk";

    /// <summary>Starts printing when <paramref name="args"/> holds <see cref="Switch"/>; disposing prints the metrics summary.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the trees and the summary are written.</param>
    /// <returns>What to dispose at exit, or <see langword="null"/> when tracing is off.</returns>
    public static IDisposable? Start(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (!args.Contains(Switch))
        {
            return null;
        }

        var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(Sources).AddProcessor(new SpanTreePrinter(output)).Build();
        return new Providers(tracing, new MetricsSummary(output));
    }

    /// <summary>
    /// One operation span and its attempt spans as lines: the operation with its outcome, attempts, status and idempotency
    /// key, then each HTTP attempt (method, path, duration, status) in the order they started.
    /// </summary>
    /// <param name="operation">The SDK's span (source <c>Oms.Sdk</c>).</param>
    /// <param name="attempts">Its children (HttpClient's spans).</param>
    /// <returns>The lines, without a trailing newline.</returns>
    public static IReadOnlyList<string> Format(Activity operation, IEnumerable<Activity> attempts)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(attempts);
        var head = new List<string> { $"{Milliseconds(operation.Duration)}" };
        AddTag(head, operation, "oms.outcome", "{0}");
        AddTag(head, operation, "oms.attempts", "{0} attempt(s)");
        AddTag(head, operation, "http.response.status_code", "HTTP {0}");
        AddTag(head, operation, "oms.error.code", "error code {0}");
        AddTag(head, operation, "oms.idempotency_key", "idempotency key {0}");
        AddTag(head, operation, "oms.customer.id", "customer {0}");
        AddTag(head, operation, "oms.webhook.result", "{0}");
        var lines = new List<string> { $"   trace: {operation.DisplayName}  {string.Join(", ", head)}" };

        var children = attempts.OrderBy(a => a.StartTimeUtc).ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            var path = child.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : child.DisplayName;
            var status = child.GetTagItem("http.response.status_code")?.ToString() ?? child.GetTagItem("error.type")?.ToString() ?? child.Status.ToString();
            lines.Add($"   trace:   {(i == children.Count - 1 ? "└─" : "├─")} {child.DisplayName} {path}  {Milliseconds(child.Duration)}  → {status}");
        }

        return lines;
    }

    private static void AddTag(List<string> parts, Activity activity, string tag, string format)
    {
        if (activity.GetTagItem(tag) is { } value)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, format, value));
        }
    }

    private static string Milliseconds(TimeSpan duration) => $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";

    /// <summary>Holds attempt spans until their operation ends (children end first), then prints the tree.</summary>
    private sealed class SpanTreePrinter(TextWriter output) : BaseProcessor<Activity>
    {
        private readonly Dictionary<ActivitySpanId, List<Activity>> _children = [];

        public override void OnEnd(Activity data)
        {
            lock (_children)
            {
                if (data.Source.Name == Meter)
                {
                    _children.Remove(data.SpanId, out var attempts);
                    foreach (var line in Format(data, attempts ?? []))
                    {
                        output.WriteLine(line);
                    }
                }
                else if (data.ParentSpanId != default)
                {
                    // HTTP spans without a parent (the embedded fake's own webhook deliveries) are not the SDK's: skipped.
                    (_children.TryGetValue(data.ParentSpanId, out var list) ? list : _children[data.ParentSpanId] = []).Add(data);
                }
            }
        }
    }

    /// <summary>Adds up the SDK's instruments by their tags and prints one line per instrument at exit.</summary>
    private sealed class MetricsSummary : IDisposable
    {
        private readonly TextWriter _output;
        private readonly MeterListener _listener = new();
        private readonly SortedDictionary<string, SortedDictionary<string, (long Count, double Sum)>> _totals = new(StringComparer.Ordinal);

        public MetricsSummary(TextWriter output)
        {
            _output = output;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public void Dispose()
        {
            _listener.Dispose();
            lock (_totals)
            {
                _output.WriteLine($"Metrics (meter {Meter}):");
                foreach (var (instrument, byTags) in _totals)
                {
                    var parts = byTags.Select(p => instrument.EndsWith(".duration", StringComparison.Ordinal)
                        ? $"{p.Key} {p.Value.Count}× mean {(p.Value.Sum / p.Value.Count * 1000).ToString("0", CultureInfo.InvariantCulture)} ms"
                        : $"{p.Key} {p.Value.Sum.ToString(CultureInfo.InvariantCulture)}");
                    _output.WriteLine($"  {instrument}: {string.Join("; ", parts)}");
                }
            }
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = new List<string>();
            foreach (var tag in tags)
            {
                key.Add($"{tag.Value}");
            }

            lock (_totals)
            {
                var byTags = _totals.TryGetValue(instrument.Name, out var found) ? found : _totals[instrument.Name] = new(StringComparer.Ordinal);
                var label = key.Count == 0 ? "all" : string.Join(" ", key);
                var (count, sum) = byTags.GetValueOrDefault(label);
                byTags[label] = (count + 1, sum + value);
            }
        }
    }

    private sealed class Providers(TracerProvider tracing, MetricsSummary metrics) : IDisposable
    {
        public void Dispose()
        {
            tracing.Dispose();
            metrics.Dispose();
        }
    }
}
