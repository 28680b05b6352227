using System.Net;

namespace Oms.Sdk;

/// <summary>OMS answered, but not as an OMS answer: a redirect, a body too large or not what the operation expects, a page cursor repeated.</summary>
public sealed class OmsUnexpectedResponseException : OmsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="statusCode">The HTTP status of the answer; also <see cref="OmsException.LastStatusCode"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.get</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    public OmsUnexpectedResponseException(
        string message,
        HttpStatusCode? statusCode = null,
        Exception? innerException = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null)
        : base(message, innerException, operation, attempts, idempotencyKey, statusCode)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode? StatusCode { get; }
}
