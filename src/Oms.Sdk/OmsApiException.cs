using System.Net;

namespace Oms.Sdk;

/// <summary>OMS answered with an error status. Subclasses exist where the handling differs.</summary>
public class OmsApiException : OmsException
{
    /// <summary>Creates an exception for an error answer.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="statusCode">The HTTP status OMS answered with; also <see cref="OmsException.LastStatusCode"/>.</param>
    /// <param name="errorCode">The error code from the body, when OMS sent one.</param>
    /// <param name="errorMessage">The error message from the body, when OMS sent one.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="retryAfter">How long OMS asked to wait (<c>Retry-After</c>).</param>
    /// <param name="rawBody">The start of the body as received.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    public OmsApiException(
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
        : base(message, null, operation, attempts, idempotencyKey, statusCode)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = requestId;
        RetryAfter = retryAfter;
        RawBody = rawBody;
    }

    /// <summary>The HTTP status OMS answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error code from the body, when OMS sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The error message from the body, when OMS sent one.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The request id from <c>X-Request-Id</c>, <c>Request-Id</c> or <c>X-Correlation-Id</c>; quote it to OMS support.</summary>
    public string? RequestId { get; }

    /// <summary>How long OMS asked to wait before trying again (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The start of the response body as received (at most 4,096 characters).</summary>
    public string? RawBody { get; }
}
