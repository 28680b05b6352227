using System.Net;

namespace Oms.Sdk;

/// <summary>401 after a token refresh, or the token exchange was refused: check <c>ApiKey</c> and <c>ApiSecret</c>.</summary>
public sealed class OmsAuthenticationException : OmsApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="statusCode">The HTTP status OMS answered with.</param>
    /// <param name="errorCode">The error code from the body, when OMS sent one.</param>
    /// <param name="errorMessage">The error message from the body, when OMS sent one.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="retryAfter">How long OMS asked to wait (<c>Retry-After</c>).</param>
    /// <param name="rawBody">The start of the body as received.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    public OmsAuthenticationException(
        string message,
        HttpStatusCode statusCode,
        string? errorCode = null,
        string? errorMessage = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        string? rawBody = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null)
        : base(message, statusCode, errorCode, errorMessage, requestId, retryAfter, rawBody, operation, attempts, idempotencyKey)
    {
    }
}
