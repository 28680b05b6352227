using System.Net;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Http;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Oms.Sdk.Resilience;

/// <summary>
/// The one definition of how OMS calls are retried and timed out, run by <see cref="OmsResilienceHandler"/> in every
/// client's handler chain (standalone and DI alike).
/// </summary>
/// <remarks>
/// Outer to inner: total timeout, retry, attempt timeout; a call's <see cref="OmsRequestOptions"/> sets its own total
/// timeout and retry count. Retried: 408, 429, 500, 502, 503, 504, connection
/// failures and attempts that hit the attempt timeout. Never retried: other statuses, caller cancellation,
/// and any request whose operation descriptor does not allow a replay (<see cref="Engine.OmsOperation.MayReplay"/>:
/// a GET always may; a POST or PATCH only with its <c>Idempotency-Key</c>). <c>Retry-After</c> replaces the backoff,
/// but a wait that would not fit in what is left of the total timeout ends the call at once with the server's answer.
/// </remarks>
internal static class OmsResiliencePipeline
{
    /// <summary>Where the handler puts the request an execution is for, so the retry rules can read its call.</summary>
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Oms.Sdk.Request");

    public static ResiliencePipeline<HttpResponseMessage> Build(OmsResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder, options, timeProvider, logger);
        return builder.Build();
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, OmsResilienceOptions options, TimeProvider timeProvider, ILogger logger)
    {
        builder.TimeProvider = timeProvider;

        // The total budget is the call's: OmsRequestOptions.Timeout when the caller gave one, else the client's.
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "oms-total-timeout",
            Timeout = options.TotalTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(CallOf(args.Context, default)?.TotalTimeout(options) ?? options.TotalTimeout),
        });

        // Always present, so a call's OmsRequestOptions.MaxRetries can ask for retries the client's settings do not
        // make; how many a call gets is decided per call in ShouldRetry, and the replay rules still come first.
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "oms-retry",
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, options, timeProvider)),
            DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome, timeProvider)),
            OnRetry = args =>
            {
                OnRetry(args, options, logger);
                return ValueTask.CompletedTask;
            },
        });

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "oms-attempt-timeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>Whether an attempt's outcome may be retried, <paramref name="retriesMade"/> retries into the call.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int retriesMade, OmsResilienceOptions options, TimeProvider timeProvider)
    {
        // What the attempt ended with first: most answers are not transient, and that needs no lookup of the call.
        var transient = outcome switch
        {
            { Exception: { } exception } => exception is HttpRequestException or TimeoutRejectedException,
            { Result: { } answer } => IsTransient(answer.StatusCode),
            _ => false,
        };
        if (!transient || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // Only an SDK operation whose descriptor allows it is replayed; a request that is not one is never resent.
        var call = CallOf(context, outcome);
        if (call?.Descriptor is not { } operation || !operation.MayReplay(call) || retriesMade >= call.MaxRetries(options))
        {
            return false;
        }

        if (outcome is not { Result: { } response })
        {
            return true;
        }

        if (RetryAfter.Read(response.Headers, timeProvider.GetUtcNow()) is { } wait)
        {
            return wait < call.TotalTimeout(options) - call.Elapsed;
        }

        return true;
    }

    internal static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or OmsHttpStatus.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static OmsCallContext? CallOf(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var request = context.Properties.TryGetValue(RequestKey, out var sent) ? sent : outcome.Result?.RequestMessage;
        return request is null ? null : OmsCallContext.From(request);
    }

    /// <summary>Counts and logs a retry about to wait. Reasons are low-cardinality: a status code, <c>connection</c> or <c>timeout</c>.</summary>
    private static void OnRetry(OnRetryArguments<HttpResponseMessage> args, OmsResilienceOptions options, ILogger logger)
    {
        var call = CallOf(args.Context, args.Outcome);
        var operation = call?.Operation ?? "unknown";
        var maxRetries = call?.MaxRetries(options) ?? options.MaxRetries;
        var reason = args.Outcome switch
        {
            { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
            { Exception: TimeoutRejectedException } => "timeout",
            _ => "connection",
        };
        OmsTelemetry.Retries.Add(
            1,
            new KeyValuePair<string, object?>(OmsTelemetry.OperationTag, operation),
            new KeyValuePair<string, object?>(OmsTelemetry.RetryReasonTag, reason));
        var retry = args.AttemptNumber + 1;
        if (args.Outcome is { Result.StatusCode: OmsHttpStatus.TooManyRequests })
        {
            OmsLog.RateLimited(logger, operation, args.RetryDelay.TotalMilliseconds, retry, maxRetries);
        }
        else
        {
            OmsLog.Retrying(logger, operation, args.RetryDelay.TotalMilliseconds, reason, retry, maxRetries);
        }
    }

    private static TimeSpan? ServerDelay(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider) =>
        outcome is { Result: { } response } ? RetryAfter.Read(response.Headers, timeProvider.GetUtcNow()) : null;
}
