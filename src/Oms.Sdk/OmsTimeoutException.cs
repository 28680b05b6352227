using System.Net;

namespace Oms.Sdk;

/// <summary>The call ran out of time: an attempt exceeded <c>AttemptTimeout</c> on the last try, or the whole call exceeded <c>TotalTimeout</c>.</summary>
/// <remarks>Distinct from caller cancellation, which surfaces as <see cref="OperationCanceledException"/>.</remarks>
public sealed class OmsTimeoutException : OmsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="lastStatusCode">The status of the last answer before the call failed, if any came.</param>
    public OmsTimeoutException(
        string message,
        Exception? innerException = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        HttpStatusCode? lastStatusCode = null)
        : base(message, innerException, operation, attempts, idempotencyKey, lastStatusCode)
    {
    }
}
