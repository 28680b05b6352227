using System.Net;
using Oms.Sdk.Resilience;
using Oms.Sdk.Serialization;

namespace Oms.Sdk.Customers;

/// <summary>
/// Waits until OMS grants one endorsement to one customer: reads the customer, and until the endorsement is granted or
/// rejected, waits a jittered, growing interval (or what a 429's <c>Retry-After</c> asks) or until a signal from
/// <see cref="OmsEndorsementSignals"/> arrives, whichever is first, then reads it again. The whole wait ends at
/// <see cref="OmsWaitOptions.Timeout"/>, measured on the client's clock.
/// </summary>
/// <remarks>
/// A failed read that may pass (a 429, 408 or 5xx answer, a connection failure or a timed-out call, each after the
/// client's own retries) does not end the wait: the next read comes at the next interval. Any other failure (404, 401,
/// a validation error) ends it with that error.
/// </remarks>
internal sealed class EndorsementWait(Func<string, CancellationToken, Task<Customer>> read, TimeProvider timeProvider, OmsEndorsementSignals? signals)
{
    /// <summary>The operation name the wait's own exceptions carry (<see cref="OmsException.Operation"/>).</summary>
    internal const string OperationName = "customers.waitForEndorsement";

    /// <summary>Each interval is drawn between this fraction of its nominal value and the nominal value itself.</summary>
    internal const double JitterFloor = 0.8;

    private static readonly Task Never = new TaskCompletionSource().Task;

    public async Task<Customer> RunAsync(string customerId, Endorsement endorsement, OmsWaitOptions options, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var deadline = OmsTimeProviderExtensions.CancelAfter(timeProvider, options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var subscription = signals?.Subscribe(customerId, endorsement);
        var lastSeen = "none (no answer yet)";
        OmsException? lastFailure = null;
        var nominal = options.FirstInterval;
        try
        {
            while (true)
            {
                // Taken before the read, so that a signal arriving during it is not lost.
                var signalled = subscription?.Next() ?? Never;
                TimeSpan? serverWait = null;
                try
                {
                    var customer = await read(customerId, linked.Token).ConfigureAwait(false);
                    if (customer.HasEndorsement(endorsement))
                    {
                        return customer;
                    }

                    var state = customer.Endorsements.FirstOrDefault(e => e.Name == endorsement);
                    if (state?.Status == EndorsementStatus.Rejected)
                    {
                        throw new OmsEndorsementRejectedException(customerId, endorsement, state.RejectionReasons, customer, OperationName, lastStatusCode: HttpStatusCode.OK);
                    }

                    lastSeen = state is null ? "not requested (the customer does not have it)" : state.RawStatus ?? "(no status)";
                    lastFailure = null;
                }
                catch (OmsException e) when (MayPass(e) && !linked.IsCancellationRequested)
                {
                    lastFailure = e;
                    serverWait = (e as OmsApiException)?.RetryAfter;
                }

                var left = options.Timeout - timeProvider.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw TimedOut(customerId, endorsement, options.Timeout, lastSeen, lastFailure);
                }

                var wait = serverWait ?? Jitter(nominal);
                if (serverWait is null)
                {
                    nominal = Grow(nominal, options);
                }

                await WaitAsync(wait < left ? wait : left, signalled, linked.Token).ConfigureAwait(false);
                if (!signalled.IsCompleted && timeProvider.GetElapsedTime(started) >= options.Timeout)
                {
                    throw TimedOut(customerId, endorsement, options.Timeout, lastSeen, lastFailure);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            // The deadline, not the caller: the same answer as when the last interval ran out on its own.
            throw TimedOut(customerId, endorsement, options.Timeout, lastSeen, lastFailure);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException(e.Message, e, cancellationToken); // the caller's token, as every SDK call reports it
        }
    }

    /// <summary>The next nominal interval: grown by <see cref="OmsWaitOptions.Growth"/>, capped at <see cref="OmsWaitOptions.MaximumInterval"/>.</summary>
    internal static TimeSpan Grow(TimeSpan nominal, OmsWaitOptions options)
    {
        var grown = nominal.TotalMilliseconds * options.Growth;
        return grown >= options.MaximumInterval.TotalMilliseconds ? options.MaximumInterval : TimeSpan.FromMilliseconds(grown);
    }

    /// <summary>Between <see cref="JitterFloor"/> of <paramref name="nominal"/> and all of it, uniformly.</summary>
    private static TimeSpan Jitter(TimeSpan nominal) =>
        TimeSpan.FromTicks((long)(nominal.Ticks * (JitterFloor + ((1 - JitterFloor) * Random.Shared.NextDouble()))));

    /// <summary>Whether a failed read may pass if tried again later, as the client's retry rules judge an answer.</summary>
    private static bool MayPass(OmsException e) => e switch
    {
        OmsApiException api => OmsResiliencePipeline.IsTransient(api.StatusCode),
        OmsConnectionException or OmsTimeoutException => true,
        _ => false,
    };

    private async Task WaitAsync(TimeSpan wait, Task signalled, CancellationToken cancellationToken)
    {
        if (signalled.IsCompleted)
        {
            return;
        }

        if (signalled == Never)
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false); // no signals to listen to
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, timeProvider, stop.Token);
        await Task.WhenAny(delay, signalled).ConfigureAwait(false);
        if (!delay.IsCompleted)
        {
            await stop.CancelAsync().ConfigureAwait(false); // a signal came first: drop the timer
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static OmsTimeoutException TimedOut(string customerId, Endorsement endorsement, TimeSpan timeout, string lastSeen, OmsException? lastFailure)
    {
        var failure = lastFailure is null ? string.Empty : $" The last read failed: {lastFailure.Message}";
        return new OmsTimeoutException(
            $"OMS did not grant the {WireNames.ToWire(endorsement)} endorsement of customer {customerId} within {timeout}; the last status seen was '{lastSeen}'.{failure} "
            + "OMS may still grant it later: wait again, or act on the customer.endorsement.granted webhook.",
            lastFailure,
            OperationName,
            lastStatusCode: lastFailure?.LastStatusCode);
    }
}
