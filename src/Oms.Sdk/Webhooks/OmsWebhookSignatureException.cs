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
        : base(OmsWebhookFailureText.Describe(failure), operation: "webhooks.verify")
    {
        Failure = failure;
    }

    /// <summary>Why verification failed.</summary>
    public OmsWebhookVerificationFailure Failure { get; }
}
