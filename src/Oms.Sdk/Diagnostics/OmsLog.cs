using System.Net;
using Microsoft.Extensions.Logging;

namespace Oms.Sdk.Diagnostics;

/// <summary>
/// The SDK's log lines, source-generated so nothing is formatted when the level is off. They carry ids, statuses and
/// counts, never a secret, a token or PII.
/// </summary>
/// <remarks>
/// Quiet by default: with a host's default minimum level (Information) a call that succeeds logs nothing, however many
/// attempts it took, and a call that fails logs one Warning with its outcome. Failures are Warning, never Error, because
/// the caller gets the exception and decides: a 404 or a 422 is usually the caller's own business, and an app that cannot
/// cope logs its own Error. Per-attempt lines (attempts, retries, token exchanges) are Debug.
/// </remarks>
internal static partial class OmsLog
{
    public const string Category = "Oms.Sdk";

    [LoggerMessage(EventId = 1, EventName = "Attempt", Level = LogLevel.Debug, Message = "Sending {Operation} attempt {Attempt}: {Method} {Path}")]
    public static partial void Attempt(ILogger logger, string operation, int attempt, string method, string? path);

    [LoggerMessage(EventId = 2, EventName = "TokenRefreshed", Level = LogLevel.Debug, Message = "Exchanged the API key for a bearer token valid until {ExpiresAt:O}")]
    public static partial void TokenRefreshed(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3, EventName = "TokenExchangeFailed", Level = LogLevel.Debug, Message = "The bearer token exchange failed: {Reason}")]
    public static partial void TokenExchangeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, EventName = "Retrying", Level = LogLevel.Debug, Message = "Retrying {Operation} in {DelayMs} ms after {Reason} (retry {Retry} of {MaxRetries})")]
    public static partial void Retrying(ILogger logger, string operation, double delayMs, string reason, int retry, int maxRetries);

    [LoggerMessage(EventId = 5, EventName = "RateLimited", Level = LogLevel.Debug, Message = "OMS rate limited {Operation}; waiting {DelayMs} ms before retry {Retry} of {MaxRetries}")]
    public static partial void RateLimited(ILogger logger, string operation, double delayMs, int retry, int maxRetries);

    /// <summary>The event of <see cref="OperationFailed"/>.</summary>
    public static readonly EventId OperationFailedEvent = new(6, "OperationFailed");

    /// <summary>
    /// "customers.create failed after 4 attempt(s): OmsApiException, status ServiceUnavailable, idempotency key …": the
    /// status, error code, request id and idempotency key each appear only when known, in the text and in the structured
    /// state alike (a sink that renders the template shows no empty field either).
    /// </summary>
    public static void OperationFailed(ILogger logger, string operation, int attempts, string errorType, HttpStatusCode? statusCode, string? errorCode, string? requestId, string? idempotencyKey)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            var state = new OperationFailedState(operation, attempts, errorType, statusCode, errorCode, requestId, idempotencyKey);
            logger.Log(LogLevel.Warning, OperationFailedEvent, state, null, static (s, _) => s.ToString());
        }
    }
}
