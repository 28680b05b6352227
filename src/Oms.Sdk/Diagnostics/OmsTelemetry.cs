using System.Diagnostics;
using System.Diagnostics.Metrics;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Diagnostics;

/// <summary>
/// The SDK's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Oms.Sdk</c>, and the one place
/// that names instruments and tags (span names are on each operation's descriptor). Tags never carry a secret or PII; metric tags are low-cardinality.
/// </summary>
internal static class OmsTelemetry
{
    public const string Name = "Oms.Sdk";

    public const string OperationTag = "oms.operation";
    public const string OutcomeTag = "oms.outcome";
    public const string CustomerIdTag = "oms.customer.id";
    public const string IdempotencyKeyTag = "oms.idempotency_key";
    public const string AttemptsTag = "oms.attempts";
    public const string RequestIdTag = "oms.request_id";
    public const string ErrorCodeTag = "oms.error.code";
    public const string RetryReasonTag = "oms.retry.reason";
    public const string WebhookResultTag = "oms.webhook.result";
    public const string WebhookIdTag = "oms.webhook.id";
    public const string StatusCodeTag = "http.response.status_code";
    public const string ErrorTypeTag = "error.type";
    public const string Success = "success";

    private static readonly string? Version = typeof(OmsTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> Operations = Meter.CreateCounter<long>(
        "oms.client.operations", "{operation}", "OMS operations, by operation and outcome (success or the error type).");

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "oms.client.operation.duration",
        "s",
        "Duration of OMS operations, retries and waits included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "oms.client.retries", "{retry}", "HTTP attempts retried, by operation and reason (status code, connection or timeout).");

    public static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "oms.client.token.refreshes", "{refresh}", "Bearer token exchanges, by outcome.");

    public static readonly Counter<long> WebhookVerifications = Meter.CreateCounter<long>(
        "oms.webhooks.verifications", "{verification}", "Webhook signature verifications, by result (success or the failure reason).");

    /// <summary>The result tag of a verification; constant strings, so recording allocates nothing.</summary>
    public static string ResultOf(OmsWebhookVerificationFailure failure) => failure switch
    {
        OmsWebhookVerificationFailure.None => Success,
        OmsWebhookVerificationFailure.MissingIdHeader => "missing_id_header",
        OmsWebhookVerificationFailure.MissingTimestampHeader => "missing_timestamp_header",
        OmsWebhookVerificationFailure.MissingSignatureHeader => "missing_signature_header",
        OmsWebhookVerificationFailure.MalformedTimestamp => "malformed_timestamp",
        OmsWebhookVerificationFailure.TimestampTooOld => "timestamp_too_old",
        OmsWebhookVerificationFailure.TimestampTooNew => "timestamp_too_new",
        OmsWebhookVerificationFailure.MalformedSignatureHeader => "malformed_signature_header",
        OmsWebhookVerificationFailure.NoMatchingSignature => "no_matching_signature",
        _ => "unknown",
    };

    public static void RecordVerification(Activity? activity, OmsWebhookVerificationFailure failure)
    {
        var result = ResultOf(failure);
        WebhookVerifications.Add(1, new KeyValuePair<string, object?>(WebhookResultTag, result));
        if (activity is not null)
        {
            activity.SetTag(WebhookResultTag, result);
            if (failure != OmsWebhookVerificationFailure.None)
            {
                activity.SetStatus(ActivityStatusCode.Error, result);
            }
        }
    }
}
