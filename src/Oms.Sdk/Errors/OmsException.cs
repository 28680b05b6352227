using System.Net;

namespace Oms.Sdk;

/// <summary>
/// The base of every error the SDK raises for an OMS call. It names the operation, how many HTTP
/// attempts were made and the idempotency key sent (reuse it to retry a create safely).
/// </summary>
/// <remarks>Caller cancellation is never wrapped: it surfaces as <see cref="OperationCanceledException"/>.</remarks>
public class OmsException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public OmsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public OmsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The SDK operation, for example <c>customers.create</c>.</summary>
    public string? Operation { get; internal set; }

    /// <summary>How many HTTP attempts the call made, retries included.</summary>
    public int Attempts { get; internal set; }

    /// <summary>The <c>Idempotency-Key</c> the call sent, when it sent one. Pass it again to retry the same logical create.</summary>
    public string? IdempotencyKey { get; internal set; }

    /// <summary>The HTTP status of the last answer OMS gave before the call failed, if any answer came.</summary>
    public HttpStatusCode? LastStatusCode { get; internal set; }
}

/// <summary>OMS answered with an error status. Subclasses exist where the handling differs.</summary>
public class OmsApiException : OmsException
{
    /// <summary>Creates an exception for an error answer.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="statusCode">The HTTP status OMS answered with.</param>
    public OmsApiException(string message, HttpStatusCode statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status OMS answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The error code from the body, when OMS sent one.</summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>The error message from the body, when OMS sent one.</summary>
    public string? ErrorMessage { get; internal set; }

    /// <summary>The request id from <c>X-Request-Id</c>, <c>Request-Id</c> or <c>X-Correlation-Id</c>; quote it to OMS support.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>How long OMS asked to wait before trying again (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; internal set; }

    /// <summary>The start of the response body as received (at most 4,096 characters).</summary>
    public string? RawBody { get; internal set; }
}

/// <summary>404: no such customer (or resource).</summary>
public sealed class OmsNotFoundException(string message) : OmsApiException(message, HttpStatusCode.NotFound);

/// <summary>401 after a token refresh, or the token exchange was refused: check <c>ApiKey</c> and <c>ApiSecret</c>.</summary>
public sealed class OmsAuthenticationException(string message, HttpStatusCode statusCode) : OmsApiException(message, statusCode);

/// <summary>400 or 422: OMS rejected the request's content. Fix the request; retrying it unchanged will fail again.</summary>
public sealed class OmsValidationException(string message, HttpStatusCode statusCode) : OmsApiException(message, statusCode)
{
    /// <summary>The fields OMS refused, when its body lists them (see docs/errors.md for the shapes read); empty otherwise.</summary>
    public IReadOnlyList<OmsFieldError> FieldErrors { get; internal set; } = [];
}

/// <summary>409: most often the same <c>Idempotency-Key</c> was sent with a different body.</summary>
public sealed class OmsConflictException(string message) : OmsApiException(message, HttpStatusCode.Conflict);

/// <summary>429: OMS is rate limiting. Wait <see cref="OmsApiException.RetryAfter"/> before calling again.</summary>
public sealed class OmsRateLimitedException(string message) : OmsApiException(message, HttpStatusCode.TooManyRequests);

/// <summary>The call ran out of time: an attempt exceeded <c>AttemptTimeout</c> on the last try, or the whole call exceeded <c>TotalTimeout</c>.</summary>
/// <remarks>Distinct from caller cancellation, which surfaces as <see cref="OperationCanceledException"/>.</remarks>
public sealed class OmsTimeoutException(string message, Exception? innerException) : OmsException(message, innerException);

/// <summary>OMS could not be reached, or the connection failed, on every attempt.</summary>
public sealed class OmsConnectionException(string message, Exception? innerException) : OmsException(message, innerException);

/// <summary>OMS answered with success, but the body was not what the operation expects (or a page cursor repeated).</summary>
public sealed class OmsUnexpectedResponseException(string message, Exception? innerException) : OmsException(message, innerException)
{
    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode? StatusCode { get; internal set; }
}
