using System.Net;

namespace Oms.Sdk;

/// <summary>400 or 422: OMS rejected the request's content. Fix the request; retrying it unchanged will fail again.</summary>
public sealed class OmsValidationException : OmsApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="statusCode">The HTTP status OMS answered with (400 or 422).</param>
    /// <param name="fieldErrors">The fields OMS refused; none by default.</param>
    /// <param name="errorCode">The error code from the body, when OMS sent one.</param>
    /// <param name="errorMessage">The error message from the body, when OMS sent one.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="retryAfter">How long OMS asked to wait (<c>Retry-After</c>).</param>
    /// <param name="rawBody">The start of the body as received.</param>
    /// <param name="operation">The SDK operation, for example <c>customers.create</c>.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    public OmsValidationException(
        string message,
        HttpStatusCode statusCode,
        IReadOnlyList<OmsFieldError>? fieldErrors = null,
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
        FieldErrors = fieldErrors is null ? [] : [.. fieldErrors];
    }

    /// <summary>The fields OMS refused, when its body lists them (see docs/errors.md for the shapes read); empty otherwise.</summary>
    public IReadOnlyList<OmsFieldError> FieldErrors { get; }
}
