using System.Globalization;
using System.Net;
using Oms.Sdk.Testing.Endpoints;

namespace Oms.Sdk.Testing.Internal;

internal enum FaultKind
{
    Fail,
    RateLimit,
    Delay,
    Drop,
    DropAfterCreate,
    DropAfterUpdate,
}

/// <summary>
/// One injected fault. It applies to a request whose method is <see cref="Method"/> (any when null) and whose path below
/// the version prefix starts with <see cref="PathPrefix"/>; with no prefix it applies to every endpoint but the token
/// exchange, which a test must name to break.
/// </summary>
internal sealed record InjectedFault(FaultKind Kind, HttpMethod? Method, string? PathPrefix)
{
    public HttpStatusCode Status { get; init; }

    public string? Body { get; init; }

    /// <summary>The Retry-After of a rate limit, or the delay of a delay.</summary>
    public TimeSpan Wait { get; init; }

    public bool Matches(FakeOmsCall call) =>
        (Method is null || string.Equals(Method.Method, call.Method, StringComparison.OrdinalIgnoreCase))
        && (PathPrefix is null
            ? !call.Path.StartsWith(FakeOmsRoutes.TokenPath, StringComparison.Ordinal)
            : call.Path.StartsWith(PathPrefix, StringComparison.Ordinal));

    /// <summary>The answer this fault gives instead of the real one (not for <see cref="FaultKind.Delay"/>, which only waits).</summary>
    public FakeOmsReply Reply() => Kind switch
    {
        FaultKind.Fail => Body is { } body
            ? FakeOmsReply.Json(Status, System.Text.Encoding.UTF8.GetBytes(body))
            : FakeOmsReply.Error(Status, ErrorCodes.InjectedFault, $"Fault injected by FakeOmsServer.FailNext ({(int)Status} {Status})."),
        FaultKind.RateLimit => FakeOmsReply.Error(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited, "Too many requests.") with
        {
            Headers = new Dictionary<string, string>
            {
                ["Retry-After"] = ((long)Math.Ceiling(Wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            },
        },
        FaultKind.Drop or FaultKind.DropAfterCreate or FaultKind.DropAfterUpdate => FakeOmsReply.Dropped,
        _ => throw new InvalidOperationException($"A {Kind} fault has no reply of its own."),
    };
}

/// <summary>The faults waiting to be applied, first in first out, each for a number of matching requests. Thread-safe.</summary>
internal sealed class FaultQueue
{
    private static readonly InjectedFault[] ChaosFaults =
    [
        new(FaultKind.Fail, null, null) { Status = HttpStatusCode.BadGateway },
        new(FaultKind.Fail, null, null) { Status = HttpStatusCode.ServiceUnavailable },
        new(FaultKind.RateLimit, null, null) { Wait = TimeSpan.Zero },
        new(FaultKind.Drop, null, null),
        new(FaultKind.DropAfterCreate, HttpMethod.Post, null),
    ];

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly HashSet<FakeOmsCall> _chaosDropsAfterCreate = new(ReferenceEqualityComparer.Instance);
    private Random? _chaos;
    private double _chaosRate;

    public void StartChaos(double rate, int seed)
    {
        lock (_gate)
        {
            _chaos = new Random(seed);
            _chaosRate = rate;
        }
    }

    /// <summary>In chaos mode, maybe picks a random transient fault for the call. A drop-after-create is remembered for the create's answer.</summary>
    public InjectedFault? RollChaos(FakeOmsCall call)
    {
        lock (_gate)
        {
            if (_chaos is null || call.Path.StartsWith(FakeOmsRoutes.TokenPath, StringComparison.Ordinal) || _chaos.NextDouble() >= _chaosRate)
            {
                return null;
            }

            var fault = ChaosFaults[_chaos.Next(ChaosFaults.Length)];
            if (fault.Kind == FaultKind.DropAfterCreate && fault.Matches(call))
            {
                _chaosDropsAfterCreate.Add(call);
            }

            return fault;
        }
    }

    public InjectedFault? TakeChaosDropAfterCreate(FakeOmsCall call)
    {
        lock (_gate)
        {
            return _chaosDropsAfterCreate.Remove(call) ? ChaosFaults[^1] : null;
        }
    }

    public void Add(InjectedFault fault, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _entries.Add(new Entry(fault) { Remaining = count });
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _chaos = null;
            _chaosDropsAfterCreate.Clear();
        }
    }

    /// <summary>Takes one use of the first fault of one of <paramref name="kinds"/> that matches the call.</summary>
    public InjectedFault? Take(FakeOmsCall call, params ReadOnlySpan<FaultKind> kinds)
    {
        lock (_gate)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                if (kinds.Contains(entry.Fault.Kind) && entry.Fault.Matches(call))
                {
                    if (--entry.Remaining == 0)
                    {
                        _entries.RemoveAt(i);
                    }

                    return entry.Fault;
                }
            }

            return null;
        }
    }

    private sealed class Entry(InjectedFault fault)
    {
        public InjectedFault Fault { get; } = fault;

        public int Remaining { get; set; }
    }
}
