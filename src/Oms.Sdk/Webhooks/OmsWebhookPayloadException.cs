namespace Oms.Sdk.Webhooks;

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
        : base(message, innerException, operation: "webhooks.parse")
    {
    }
}
