using System.Net;

namespace Oms.Sdk.Errors;

/// <summary>What an error answer said, decoded once from its bounded, redacted body (see <see cref="OmsErrorResponse"/>).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The error code from the body, sanitized and redacted.</param>
/// <param name="Message">The error message from the body, sanitized and redacted.</param>
/// <param name="RequestId">The request id header, sanitized, cut and redacted.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> wait.</param>
/// <param name="RawBody">The start of the body, redacted.</param>
/// <param name="FieldErrors">The fields a 400 or 422 body lists; empty otherwise.</param>
internal sealed record OmsErrorAnswer(
    HttpStatusCode Status,
    string? Code,
    string? Message,
    string? RequestId,
    TimeSpan? RetryAfter,
    string? RawBody,
    IReadOnlyList<OmsFieldError> FieldErrors);
