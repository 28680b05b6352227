using System.Net;

namespace Oms.Sdk;

/// <summary>404: no such customer (or resource).</summary>
public sealed class OmsNotFoundException : OmsApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="errorCode">The error code from the body, when OMS sent one.</param>
    /// <param name="errorMessage">The error message from the body, when OMS sent one.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="retryAfter">How long OMS asked to wait (<c>Retry-After</c>).</param>
    /// <param name="rawBody">The start of the body as received.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    public OmsNotFoundException(
        string message,
        string? errorCode = null,
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null)
        : base(message, HttpStatusCode.NotFound, errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey)
    {
    }
}
