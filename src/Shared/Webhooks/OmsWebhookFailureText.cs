namespace Oms.Sdk.Webhooks;

/// <summary>
/// The one place that explains each verification failure and what to check; used by exceptions (Oms.Sdk) and the endpoint's
/// log (Oms.Sdk.AspNetCore). Compiled into both as source (src/Shared), so neither package needs the other's internals.
/// </summary>
internal static class OmsWebhookFailureText
{
    private const string RawBodyAdvice =
        "Verify the raw request body bytes exactly as received, not re-serialized or re-encoded JSON (read the body before any JSON binding).";

    private const string SecretAdvice =
        "Check that the endpoint secret is the one OMS shows for this endpoint; during a rotation list both the new and the previous secret.";

    private const string ClockAdvice =
        "Check this server's clock (NTP) and OmsWebhookVerifierOptions.Tolerance (default 5 minutes).";

    private const string HeaderAdvice =
        "Check that the request came from OMS and that no proxy or framework stripped or rewrote the webhook-* headers.";

    public static string Describe(OmsWebhookVerificationFailure failure) => failure switch
    {
        OmsWebhookVerificationFailure.None => "The webhook delivery was verified.",
        OmsWebhookVerificationFailure.MissingIdHeader => "The webhook delivery has no webhook-id header. " + HeaderAdvice,
        OmsWebhookVerificationFailure.MissingTimestampHeader => "The webhook delivery has no webhook-timestamp header. " + HeaderAdvice,
        OmsWebhookVerificationFailure.MissingSignatureHeader => "The webhook delivery has no webhook-signature header. " + HeaderAdvice,
        OmsWebhookVerificationFailure.MalformedTimestamp => "The webhook-timestamp header is not a whole number of Unix seconds. " + HeaderAdvice,
        OmsWebhookVerificationFailure.TimestampTooOld =>
            "The webhook-timestamp is older than the tolerance: a replayed or long-delayed delivery, or this server's clock is ahead. " + ClockAdvice,
        OmsWebhookVerificationFailure.TimestampTooNew =>
            "The webhook-timestamp is further in the future than the tolerance: this server's clock is probably behind. " + ClockAdvice,
        OmsWebhookVerificationFailure.MalformedSignatureHeader =>
            "The webhook-signature header holds no 'v1,<base64 HMAC-SHA256>' entry (entries of other versions are skipped). " + HeaderAdvice,
        OmsWebhookVerificationFailure.NoMatchingSignature =>
            "No v1 signature in the webhook-signature header matches the body. " + RawBodyAdvice + " " + SecretAdvice,
        _ => "The webhook delivery failed verification (" + failure + ").",
    };
}
