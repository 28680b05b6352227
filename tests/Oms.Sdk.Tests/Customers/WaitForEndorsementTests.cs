using System.Net;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Customers;

/// <summary>
/// <see cref="ICustomersClient.WaitForEndorsementAsync"/> against the fake OMS in manual endorsement mode (and WireMock for
/// answers the fake does not give). Every wait elapses on a fake clock that records it, so the tests also prove how long
/// the SDK chose to wait, and never sleep.
/// </summary>
public sealed class WaitForEndorsementTests : IAsyncDisposable
{
    /// <summary>The client's own watchdogs: long and distinct, so the clock never mistakes them for a wait.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromHours(22);
    private static readonly TimeSpan TotalTimeout = TimeSpan.FromHours(23);

    private static readonly OmsWaitOptions Quick = new()
    {
        FirstInterval = TimeSpan.FromSeconds(1),
        Growth = 2,
        MaximumInterval = TimeSpan.FromSeconds(10),
        Timeout = TimeSpan.FromMinutes(5),
    };

    private readonly TestClock _clock = new();
    private readonly FakeOmsServer _oms;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public WaitForEndorsementTests()
    {
        _oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual, TimeProvider = _clock });
    }

    public ValueTask DisposeAsync() => _oms.DisposeAsync();

    [Fact]
    public async Task Returns_the_granted_customer_after_the_poll_that_sees_the_grant()
    {
        using var client = Client(Quick);
        var customer = await CreatePendingAsync(client);
        var waits = 0;
        _clock.IsWait = d => IsWait(d, Quick) && AfterWait(++waits == 3, () => _oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd, _ct));

        var granted = await client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, _ct);

        Assert.True(granted.HasEndorsement(Endorsement.Usd));
        Assert.Equal(customer.Id, granted.Id);
        Assert.Equal(4, Gets(customer.Id).Count);
        Assert.Equal(3, _clock.Waits.Count);
        Assert.Equal(_clock.TotalWaited, Gets(customer.Id)[^1].ReceivedAt - Gets(customer.Id)[0].ReceivedAt);
    }

    [Fact]
    public async Task Intervals_grow_by_the_growth_factor_with_jitter_within_bounds_and_stop_at_the_maximum()
    {
        using var client = Client(Quick);
        var customer = await CreatePendingAsync(client);
        _clock.IsWait = d => IsWait(d, Quick);

        await Assert.ThrowsAsync<OmsTimeoutException>(() => client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, _ct));

        var waits = _clock.Waits;
        var nominal = Quick.FirstInterval;
        for (var i = 0; i < waits.Count - 1; i++)
        {
            Assert.InRange(waits[i], nominal * 0.8, nominal);
            nominal = nominal * 2 < Quick.MaximumInterval ? nominal * 2 : Quick.MaximumInterval;
        }

        Assert.InRange(waits[^1], TimeSpan.FromTicks(1), Quick.MaximumInterval); // the last one is cut short at the timeout
        Assert.True(waits.Count(w => w > TimeSpan.FromSeconds(8)) > 10, "most intervals reach the cap of 10 s (jittered down by at most 20 %)");
        Assert.True(waits.Take(waits.Count - 1).Distinct().Count() > 10, "jitter makes the intervals differ");
        var gets = Gets(customer.Id);
        Assert.Equal(waits.Count, gets.Count);
        Assert.Equal(waits.Take(gets.Count - 1), gets.Zip(gets.Skip(1), (a, b) => b.ReceivedAt - a.ReceivedAt));
    }

    [Fact]
    public async Task The_timeout_ends_the_wait_on_time_with_the_last_status_seen()
    {
        var options = Quick with { Timeout = TimeSpan.FromSeconds(42) };
        using var client = Client(options);
        var customer = await CreatePendingAsync(client);
        var start = _clock.GetUtcNow();
        _clock.IsWait = d => IsWait(d, options);

        var e = await Assert.ThrowsAsync<OmsTimeoutException>(() => client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, options, _ct));

        Assert.Equal(TimeSpan.FromSeconds(42), _clock.GetUtcNow() - start);
        Assert.Equal(TimeSpan.FromSeconds(42), _clock.TotalWaited);
        Assert.Contains("last status seen was 'pending'", e.Message, StringComparison.Ordinal);
        Assert.Contains(customer.Id, e.Message, StringComparison.Ordinal);
        Assert.Contains("usd", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException);
        Assert.Equal("customers.waitForEndorsement", e.Operation);
    }

    [Fact]
    public async Task A_rejection_ends_the_wait_with_its_reasons()
    {
        using var client = Client(Quick);
        var customer = await CreatePendingAsync(client);
        var waits = 0;
        _clock.IsWait = d => IsWait(d, Quick) && AfterWait(++waits == 2, () => _oms.RejectEndorsementAsync(customer.Id, Endorsement.Usd, ["Document image unreadable", "Name mismatch"], _ct));

        var e = await Assert.ThrowsAsync<OmsEndorsementRejectedException>(() => client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, _ct));

        Assert.Equal(["Document image unreadable", "Name mismatch"], e.RejectionReasons);
        Assert.Equal(customer.Id, e.CustomerId);
        Assert.Equal(Endorsement.Usd, e.Endorsement);
        Assert.Equal(EndorsementStatus.Rejected, e.Customer!.Endorsements.Single(x => x.Name == Endorsement.Usd).Status);
        Assert.Contains("Document image unreadable; Name mismatch", e.Message, StringComparison.Ordinal);
        Assert.Equal("customers.waitForEndorsement", e.Operation);
        Assert.Equal(3, Gets(customer.Id).Count);
    }

    [Fact]
    public async Task Cancellation_is_the_callers_OperationCanceledException_and_stops_listening()
    {
        var signals = new OmsEndorsementSignals();
        using var client = Client(Quick, signals);
        var customer = await CreatePendingAsync(client);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var parked = Parked(Quick);

        var wait = client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, cancel.Token);
        await parked.WaitAsync(_ct);
        Assert.Equal(1, signals.Listening);
        await cancel.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(cancel.Token, e.CancellationToken);
        Assert.Equal(0, signals.Listening);
        Assert.Single(Gets(customer.Id));
    }

    [Fact]
    public async Task A_signal_ends_the_wait_at_once_with_one_confirming_read()
    {
        var signals = new OmsEndorsementSignals();
        using var client = Client(Quick, signals);
        var customer = await CreatePendingAsync(client);
        var start = _clock.GetUtcNow();
        var parked = Parked(Quick);

        var wait = client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, _ct);
        await parked.WaitAsync(_ct);
        signals.Publish(customer.Id, Endorsement.Basic); // another endorsement: not this wait's
        var sent = await _oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd, _ct);
        signals.Publish(sent.Customer);
        var granted = await wait.WaitAsync(_ct);

        Assert.True(granted.HasEndorsement(Endorsement.Usd));
        Assert.Equal(start, _clock.GetUtcNow());
        Assert.Equal(2, Gets(customer.Id).Count);
        Assert.Equal(0, signals.Listening);
    }

    [Fact]
    public async Task A_signal_that_the_read_does_not_confirm_goes_back_to_polling()
    {
        var signals = new OmsEndorsementSignals();
        using var client = Client(Quick, signals);
        var customer = await CreatePendingAsync(client);
        var parked = Parked(Quick);
        var waits = 0;

        var wait = client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, Quick, _ct);
        await parked.WaitAsync(_ct);
        _clock.IsWait = d => IsWait(d, Quick) && AfterWait(++waits == 2, () => _oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd, _ct));
        signals.Publish(customer.Id, Endorsement.Usd); // stale: OMS still says pending
        var granted = await wait.WaitAsync(_ct);

        Assert.True(granted.HasEndorsement(Endorsement.Usd));
        Assert.Equal(2, waits);
        Assert.Equal(4, Gets(customer.Id).Count); // first read, the signal's read, two polls
    }

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says_then_polls_on()
    {
        using var wire = new OmsWireMock();
        wire.GivenSequence("GET", "/customers/cst_1",
            OmsWireMock.Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"rate_limited","message":"slow down"}}""").WithHeader("Retry-After", "45"),
            OmsWireMock.Json(HttpStatusCode.OK, Endorsed("usd", "pending")),
            OmsWireMock.Json(HttpStatusCode.OK, Endorsed("usd", "approved")));
        using var client = WireClient(wire, Quick);

        var granted = await client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Usd, Quick, _ct);

        Assert.True(granted.HasEndorsement(Endorsement.Usd));
        Assert.Equal(TimeSpan.FromSeconds(45), wire.Clock.Waits[0]);
        Assert.InRange(wire.Clock.Waits[1], Quick.FirstInterval * 0.8, Quick.FirstInterval);
        Assert.Equal(2, wire.Clock.Waits.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_timeout_waits_until_the_timeout_and_names_the_rate_limit()
    {
        using var wire = new OmsWireMock();
        wire.GivenSequence("GET", "/customers/cst_1",
            OmsWireMock.Json(HttpStatusCode.OK, Endorsed("usd", "pending")),
            OmsWireMock.Json(HttpStatusCode.TooManyRequests, "{}").WithHeader("Retry-After", "3600"));
        var options = Quick with { Timeout = TimeSpan.FromSeconds(30) };
        using var client = WireClient(wire, options);
        var start = wire.Clock.GetUtcNow();

        var e = await Assert.ThrowsAsync<OmsTimeoutException>(() => client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Usd, options, _ct));

        Assert.Equal(TimeSpan.FromSeconds(30), wire.Clock.GetUtcNow() - start);
        Assert.IsType<OmsRateLimitedException>(e.InnerException);
        Assert.Contains("last status seen was 'pending'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_that_may_pass_is_polled_through_and_one_that_cannot_ends_the_wait()
    {
        using var wire = new OmsWireMock();
        wire.GivenSequence("GET", "/customers/cst_1",
            OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"),
            OmsWireMock.Json(HttpStatusCode.OK, Endorsed("usd", "pending")),
            OmsWireMock.Json(HttpStatusCode.NotFound, """{"error":{"code":"not_found","message":"No such customer."}}"""));
        using var client = WireClient(wire, Quick);

        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Usd, Quick, _ct));

        Assert.Equal(3, wire.Requests("/customers/cst_1").Count());
        Assert.Equal(2, wire.Clock.Waits.Count);
    }

    [Theory]
    [InlineData("""["basic","usd"]""")]
    [InlineData("""[{"name":"USD","status":"ACTIVE"}]""")]
    [InlineData("""[{"name":"usd","status":"Approved"}]""")]
    public async Task Both_endorsement_shapes_and_any_letter_case_count_as_granted_at_the_first_read(string endorsements)
    {
        using var wire = new OmsWireMock();
        wire.GivenSequence("GET", "/customers/cst_1", OmsWireMock.Json(HttpStatusCode.OK, $$"""{"id":"cst_1","endorsements":{{endorsements}}}"""));
        using var client = WireClient(wire, Quick);

        var granted = await client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Usd, Quick, _ct);

        Assert.Equal("cst_1", granted.Id);
        Assert.Empty(wire.Clock.Waits);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_sent()
    {
        using var client = Client(Quick);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Unknown, cancellationToken: _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.WaitForEndorsementAsync(" ", Endorsement.Usd, cancellationToken: _ct));
        foreach (var bad in (OmsWaitOptions[])[Quick with { FirstInterval = TimeSpan.Zero }, Quick with { Growth = 0.5 }, Quick with { Growth = double.NaN },
                     Quick with { MaximumInterval = TimeSpan.FromMilliseconds(500) }, Quick with { Timeout = TimeSpan.Zero }, Quick with { Timeout = TimeSpan.FromDays(2) }])
        {
            var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Customers.WaitForEndorsementAsync("cst_1", Endorsement.Usd, bad, _ct));
            Assert.StartsWith("OmsWaitOptions.", e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_oms.Requests);
        Assert.Equal(TimeSpan.FromMinutes(10), new OmsWaitOptions().Timeout);
    }

    private static bool IsWait(TimeSpan due, OmsWaitOptions options) => due != options.Timeout && due != AttemptTimeout && due != TotalTimeout;

    /// <summary>Runs <paramref name="act"/> (synchronously: the fake's grant and rejection complete at once without receivers) when <paramref name="now"/>; always a wait.</summary>
    private static bool AfterWait(bool now, Func<Task> act)
    {
        if (now)
        {
            act().GetAwaiter().GetResult();
        }

        return true;
    }

    private static string Endorsed(string name, string status) => $$"""{"id":"cst_1","endorsements":[{"name":"{{name}}","status":"{{status}}"}]}""";

    /// <summary>Completes when the wait starts its first interval; no timer elapses by itself.</summary>
    private Task Parked(OmsWaitOptions options)
    {
        var parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _clock.IsWait = _ => false;
        _clock.TimerStarted += due =>
        {
            if (IsWait(due, options))
            {
                parked.TrySetResult();
            }
        };
        return parked.Task;
    }

    private OmsClient Client(OmsWaitOptions options, OmsEndorsementSignals? signals = null) => FakeOmsClients.For(_oms, o =>
    {
        o.TimeProvider = _clock;
        o.Resilience.AttemptTimeout = AttemptTimeout;
        o.Resilience.TotalTimeout = TotalTimeout;
        o.EndorsementSignals = signals;
        _clock.IsWait = d => IsWait(d, options);
    });

    private static OmsClient WireClient(OmsWireMock wire, OmsWaitOptions options) => wire.Client(o =>
    {
        o.Resilience.MaxRetries = 0; // the wait's own handling of 429 and 5xx, not the client's retries
        o.Resilience.AttemptTimeout = AttemptTimeout;
        o.Resilience.TotalTimeout = TotalTimeout;
        wire.Clock.IsWait = d => IsWait(d, options);
    });

    private Task<Customer> CreatePendingAsync(OmsClient client) =>
        client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: _ct);

    private List<FakeOmsRequest> Gets(string customerId) =>
        [.. _oms.Requests.Where(r => r.Method == HttpMethod.Get && r.Path == "/customers/" + customerId)];
}
