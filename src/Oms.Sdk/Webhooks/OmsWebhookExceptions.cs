namespace Oms.Sdk.Webhooks;

/// <summary>
/// A webhook delivery failed verification: it is not proven to come from OMS, or it is stale. Answer it with 400 and
/// do not act on it. The message says what to check; it never contains a secret.
/// </summary>
public sealed class OmsWebhookSignatureException : OmsException
{
    /// <summary>Creates the exception for a failure reason.</summary>
    /// <param name="failure">Why verification failed; not <see cref="OmsWebhookVerificationFailure.None"/>.</param>
    public OmsWebhookSignatureException(OmsWebhookVerificationFailure failure)
        : base(OmsWebhookFailureText.Describe(failure))
    {
        Failure = failure;
        Operation = "webhooks.verify";
    }

    /// <summary>Why verification failed.</summary>
    public OmsWebhookVerificationFailure Failure { get; }
}

/// <summary>
/// A webhook delivery passed verification (it is authentic) but its body is not an OMS event envelope
/// (<c>{"type": …, "timestamp": …, "data": {…}}</c>), or its <c>data</c> does not fit the event type.
/// </summary>
public sealed class OmsWebhookPayloadException : OmsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the payload.</param>
    /// <param name="innerException">The JSON error, if any.</param>
    public OmsWebhookPayloadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = "webhooks.parse";
    }
}
