namespace Oms.Sdk.Webhooks;

/// <summary>
/// Why <see cref="OmsWebhookVerifier"/> rejected a delivery, or <see cref="None"/> when it accepted it.
/// Every rejection of a delivery is one of these; nothing else is ever reported.
/// </summary>
public enum OmsWebhookVerificationFailure
{
    /// <summary>The delivery is authentic and fresh.</summary>
    None = 0,

    /// <summary>The <c>webhook-id</c> header is missing or empty.</summary>
    MissingIdHeader,

    /// <summary>The <c>webhook-timestamp</c> header is missing or empty.</summary>
    MissingTimestampHeader,

    /// <summary>The <c>webhook-signature</c> header is missing or empty.</summary>
    MissingSignatureHeader,

    /// <summary>The <c>webhook-timestamp</c> header is not a whole number of Unix seconds.</summary>
    MalformedTimestamp,

    /// <summary>The timestamp is older than the tolerance: a replay, a long-delayed delivery, or a clock behind.</summary>
    TimestampTooOld,

    /// <summary>The timestamp is further ahead than the tolerance: this server's clock is behind, or the delivery is forged.</summary>
    TimestampTooNew,

    /// <summary>
    /// The <c>webhook-signature</c> header holds no entry of the form <c>v1,&lt;base64 of a 32-byte HMAC-SHA256&gt;</c>.
    /// Entries of other versions (<c>v1a</c>, <c>v2</c>) do not count.
    /// </summary>
    MalformedSignatureHeader,

    /// <summary>
    /// The header holds <c>v1</c> signatures, but none matches the body under any configured secret: the body was
    /// changed (or re-serialized) on the way, or the secret is wrong.
    /// </summary>
    NoMatchingSignature,
}
