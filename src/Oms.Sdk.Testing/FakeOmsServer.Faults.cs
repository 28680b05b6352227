using System.Net;
using Oms.Sdk.Testing.Endpoints;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>Fault injection: errors, rate limits, delays and dropped connections in front of the fake's endpoints.</summary>
public sealed partial class FakeOmsServer
{
    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with <paramref name="status"/> instead of handling them
    /// (nothing is stored). By default every endpoint but <c>/auth/token</c> matches; narrow it with
    /// <paramref name="method"/> and <paramref name="pathPrefix"/>.
    /// </summary>
    /// <param name="count">How many requests to fail, at least 1.</param>
    /// <param name="status">The status to answer with, for example <see cref="HttpStatusCode.ServiceUnavailable"/>.</param>
    /// <param name="body">The JSON body to send; <see langword="null"/> for <c>{"error":{"code":"injected_fault",...}}</c>.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths below <see cref="BaseAddress"/> that start with this, for example <c>/customers</c> or <c>/auth/token</c>.</param>
    /// <example><code>oms.FailNext(2, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post); // the SDK retries through it</code></example>
    public void FailNext(int count, HttpStatusCode status, string? body = null, HttpMethod? method = null, string? pathPrefix = null)
    {
        if ((int)status is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "The status must be an HTTP status code (100 to 599).");
        }

        AddFault(new InjectedFault(FaultKind.Fail, method, pathPrefix) { Status = status, Body = body }, count);
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with <c>429 Too Many Requests</c> and
    /// <c>Retry-After</c> (whole seconds, rounded up), body <c>{"error":{"code":"rate_limited",...}}</c>.
    /// </summary>
    /// <param name="count">How many requests to refuse, at least 1.</param>
    /// <param name="retryAfter">The wait to ask for; <see cref="TimeSpan.Zero"/> lets a client retry at once.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    public void RateLimitNext(int count, TimeSpan retryAfter, HttpMethod? method = null, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        AddFault(new InjectedFault(FaultKind.RateLimit, method, pathPrefix) { Wait = retryAfter }, count);
    }

    /// <summary>
    /// Holds the next <paramref name="count"/> matching requests for <paramref name="delay"/> of real time, then handles them
    /// normally (a create is stored even if the client gave up waiting), so a client's attempt timeout can fire.
    /// </summary>
    /// <param name="count">How many requests to delay, at least 1.</param>
    /// <param name="delay">How long to hold each one, in real time.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    public void DelayNext(int count, TimeSpan delay, HttpMethod? method = null, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        AddFault(new InjectedFault(FaultKind.Delay, method, pathPrefix) { Wait = delay }, count);
    }

    /// <summary>
    /// Closes the connection of the next <paramref name="count"/> matching requests without answering and without handling
    /// them (nothing is stored): the client sees a connection failure.
    /// </summary>
    /// <param name="count">How many requests to drop, at least 1.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    /// <remarks>
    /// .NET's <c>SocketsHttpHandler</c> may resend a request once by itself when a reused pooled connection closes before
    /// any answer, so one client call can use up two drops; count requests with <see cref="RequestCount"/>, not attempts.
    /// </remarks>
    public void DropConnectionNext(int count, HttpMethod? method = null, string? pathPrefix = null) =>
        AddFault(new InjectedFault(FaultKind.Drop, method, pathPrefix), count);

    /// <summary>
    /// Stores the next <paramref name="count"/> successful creates (<c>POST /customers</c> answered 201, replays included)
    /// and then closes the connection instead of answering: the client cannot know the customer exists. A retry with the
    /// same <c>Idempotency-Key</c> must get the same customer, not a second one; this is the fault that proves it.
    /// </summary>
    /// <param name="count">How many creates to answer this way, at least 1.</param>
    public void DropConnectionAfterCreateNext(int count) =>
        AddFault(new InjectedFault(FaultKind.DropAfterCreate, HttpMethod.Post, FakeOmsRoutes.CustomersPath), count);

    /// <summary>
    /// Applies the next <paramref name="count"/> successful updates (<c>PATCH /customers/{id}</c> answered 200, replays
    /// included) and then closes the connection instead of answering: the client cannot know the update was applied. A
    /// retry with the same <c>Idempotency-Key</c> must get the first update's answer, not a second update.
    /// </summary>
    /// <param name="count">How many updates to answer this way, at least 1.</param>
    public void DropConnectionAfterUpdateNext(int count) =>
        AddFault(new InjectedFault(FaultKind.DropAfterUpdate, HttpMethod.Patch, FakeOmsRoutes.CustomerPathPrefix), count);

    /// <summary>
    /// Chaos mode: from now on each request to a customer endpoint fails, with probability <paramref name="rate"/>, with a
    /// transient fault picked at random: 502, 503, 429 with <c>Retry-After: 0</c>, a connection closed before the request
    /// is handled, or (for a create) a connection closed after the customer was stored. For soak tests of your retry
    /// handling; <see cref="ClearFaults"/> turns it off.
    /// </summary>
    /// <param name="rate">The share of requests to fail, 0 to 1.</param>
    /// <param name="seed">Seeds the random choices, so a run can be repeated.</param>
    /// <example><code>oms.InjectRandomFaults(0.3); // 30% of customer calls fail transiently</code></example>
    public void InjectRandomFaults(double rate, int seed = 2026)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1d);
        _faults.StartChaos(rate, seed);
    }

    /// <summary>Forgets every injected fault not yet used, and stops <see cref="InjectRandomFaults"/>.</summary>
    public void ClearFaults() => _faults.Clear();

    private void AddFault(InjectedFault fault, int count)
    {
        if (fault.PathPrefix is { } prefix && !prefix.StartsWith('/'))
        {
            throw new ArgumentException("A path prefix starts with '/', for example \"/customers\" or \"/auth/token\".", "pathPrefix");
        }

        _faults.Add(fault, count);
    }
}
