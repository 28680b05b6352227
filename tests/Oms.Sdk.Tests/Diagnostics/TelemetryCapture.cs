using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Oms.Sdk.Tests.Diagnostics;

/// <summary>
/// Tests that listen to the SDK's spans and metrics run alone: a listener turns instruments on for every test in the
/// process, which would put allocations into the zero-allocation webhook test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>Captures what the SDK emits: spans (its own and HttpClient's), metric measurements, and log records.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Oms.Sdk" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Add,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Oms.Sdk")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Measurements.Add(new Measurement(i.Name, v, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measurements.Add(new Measurement(i.Name, v, tags.ToArray())));
        _meters.Start();

        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
    }

    public ConcurrentBag<Activity> Spans { get; } = [];

    public ConcurrentBag<Measurement> Measurements { get; } = [];

    public FakeLogCollector Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public IReadOnlyList<FakeLogRecord> LogRecords => Logs.GetSnapshot();

    /// <summary>Every piece of text the SDK emitted through telemetry, for leak checks.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var span in Spans)
        {
            yield return span.DisplayName;
            yield return span.StatusDescription ?? string.Empty;
            foreach (var tag in span.TagObjects)
            {
                yield return $"{tag.Key}={tag.Value}";
            }

            foreach (var evt in span.Events)
            {
                yield return evt.Name;
                foreach (var tag in evt.Tags)
                {
                    yield return $"{tag.Key}={tag.Value}";
                }
            }
        }

        foreach (var measurement in Measurements)
        {
            foreach (var tag in measurement.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }

        foreach (var record in LogRecords)
        {
            yield return record.Message;
            yield return record.Exception?.ToString() ?? string.Empty;
            foreach (var pair in record.StructuredState ?? [])
            {
                yield return $"{pair.Key}={pair.Value}";
            }
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
        LoggerFactory.Dispose();
    }

    public sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value;
    }
}
