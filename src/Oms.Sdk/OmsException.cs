using System.Net;

namespace Oms.Sdk;

/// <summary>
/// The base of every error the SDK raises for an OMS call. It names the operation, how many HTTP
/// attempts were made and the idempotency key sent (reuse it to retry a create safely).
/// </summary>
/// <remarks>Caller cancellation is never wrapped: it surfaces as <see cref="OperationCanceledException"/>.</remarks>
public class OmsException : Exception
{
    /// <summary>Creates an exception with the details of the call that failed.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="lastStatusCode">The status of the last answer before the call failed, if any came.</param>
    public OmsException(
        string message,
        Exception? innerException = null,
        string? operation = null,
        int attempts = 0,
        string? idempotencyKey = null,
        HttpStatusCode? lastStatusCode = null)
        : base(message, innerException)
    {
        Operation = operation;
        Attempts = attempts;
        IdempotencyKey = idempotencyKey;
        LastStatusCode = lastStatusCode;
    }

    /// <summary>The SDK operation, for example <c>customers.create</c>.</summary>
    public string? Operation { get; }

    /// <summary>How many HTTP attempts the call made, retries included.</summary>
    public int Attempts { get; }

    /// <summary>The <c>Idempotency-Key</c> the call sent, when it sent one. Pass it again to retry the same logical create.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>The HTTP status of the last answer OMS gave before the call failed, if any answer came.</summary>
    public HttpStatusCode? LastStatusCode { get; }
}
