using System.Globalization;
using System.Net;
using System.Text;
using Oms.Sdk.Http;
using Polly.Timeout;

namespace Oms.Sdk.Errors;

/// <summary>
/// The one place a failure becomes the public exception the caller sees, with its message and every detail of the call
/// (operation, attempts, idempotency key, last status). Inner layers raise facts (<see cref="OmsFailure"/>, a scrubbed
/// <see cref="HttpRequestException"/>, a timeout); the engine hands each here once the call has ended. Every message
/// says what to do, shows server text only sanitized, capped and redacted, and never states a field it does not have.
/// </summary>
internal static class OmsExceptionFactory
{
    private const int MaxShownLength = 128;

    /// <summary>What to do meanwhile when OMS's answer has a shape the SDK does not read.</summary>
    private const string UnmodelledAdvice = " If OMS changed the shape of its answer, IOmsClient.SendAsync reads it as bytes meanwhile (docs/when-the-sdk-and-oms-disagree.md).";

    /// <summary>The exception for <paramref name="failure"/>, which ended <paramref name="call"/>.</summary>
    public static OmsException Create(Exception failure, OmsCallContext call, OmsResilienceOptions resilience) => failure switch
    {
        OmsFailure known => FromFailure(known, call),
        TimeoutRejectedException or OperationCanceledException => Timeout(failure, call, resilience),
        HttpRequestException when call.Elapsed >= call.TotalTimeout(resilience) => Timeout(failure, call, resilience), // the total timeout cancelled an attempt mid-connection
        HttpRequestException transport => new OmsConnectionException(
            $"{call.Operation} could not reach OMS after {Attempts(call)}{LastStatus(call)}: {transport.Message} Check BaseAddress and the network" + RetryAdvice(call),
            transport, call.Operation, call.Attempts, call.IdempotencyKey, call.LastStatusCode),
        OmsException already => already,
        _ => new OmsConnectionException(
            $"{call.Operation} failed after {Attempts(call)}{LastStatus(call)}: the transport raised {failure.GetType().Name}. Check BaseAddress, the network and any HTTP handler of yours" + RetryAdvice(call),
            null, call.Operation, call.Attempts, call.IdempotencyKey, call.LastStatusCode),
    };

    private static OmsTimeoutException Timeout(Exception cause, OmsCallContext call, OmsResilienceOptions resilience) => new(
        $"{call.Operation} ran out of time after {Attempts(call)} and {call.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s{LastStatus(call)}: " +
        (call.Elapsed >= call.TotalTimeout(resilience)
            ? $"the call exceeded {(call.RequestOptions?.Timeout is null ? "Resilience.TotalTimeout" : "its OmsRequestOptions.Timeout")} ({Seconds(call.TotalTimeout(resilience))} s). "
            : $"the last attempt exceeded Resilience.AttemptTimeout ({Seconds(resilience.AttemptTimeout)} s). ") +
        "Raise it if OMS is slow for you" + RetryAdvice(call),
        cause, call.Operation, call.Attempts, call.IdempotencyKey, call.LastStatusCode);

    private static OmsException FromFailure(OmsFailure failure, OmsCallContext call)
    {
        var status = failure.Status;

        // A failure of the token exchange inside the call names the exchange, and gives no retry advice: nothing was sent.
        var during = failure.Operation ?? call.Operation;
        var advice = during == call.Operation ? MayHaveSucceeded(call) : ".";
        return failure.Kind switch
        {
            OmsFailureKind.ErrorAnswer => FromAnswer(failure.Answer!, call),
            OmsFailureKind.TokenRefused => Api(failure.Answer!, call, (answer, s) => new OmsAuthenticationException(
                $"OMS refused the API key and secret ({StatusOf(answer.Status)}) at /auth/token{Said(answer)}. Check ApiKey and ApiSecret, and that BaseAddress is the environment the key belongs to (sk_sdbx_ keys are for sandbox, sk_live_ keys for production).{RequestIdOf(answer)}",
                answer.Status, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey)),
            OmsFailureKind.NoApiAtBaseAddress => Unexpected(
                $"There is no OMS API at BaseAddress ({failure.Detail}): POST {failure.Detail2}/auth/token answered 404 NotFound{Said(failure.Answer!)}. " +
                $"Set OmsClientOptions.BaseAddress to the environment and its version path, for example {OmsEnvironment.Sandbox} (note the /v0.9).{RequestIdOf(failure.Answer!)}",
                status, call),
            OmsFailureKind.NoUsableToken => Unexpected(
                $"The OMS token exchange answered {StatusOf(status!.Value)} without a usable accessToken (it must be 1 to {Auth.OmsTokenSource.MaxTokenLength} visible ASCII characters: none, empty, blank or with control characters is not a token). Check that BaseAddress points at the OMS API.",
                status, call),
            OmsFailureKind.TokenProviderFailed => new OmsException(
                failure.InnerException is null
                    ? $"The IOmsTokenProvider ({failure.Detail}) returned a token that cannot be sent as a bearer header: it must be 1 to {Auth.OmsTokenSource.MaxTokenLength} visible ASCII characters, with no spaces or control characters."
                    : $"The IOmsTokenProvider ({failure.Detail}) failed with {failure.InnerException.GetType().Name}; {during} was not sent. See the inner exception.",
                failure.InnerException, call.Operation, call.Attempts, call.IdempotencyKey, call.LastStatusCode),
            OmsFailureKind.Redirected => Unexpected(
                $"OMS answered {during} with {StatusOf(status!.Value)}, a redirect to {failure.Detail}: BaseAddress points at {failure.Detail2}, a host that redirects. " +
                "The SDK never follows redirects, so the API key and secret, bearer tokens and customer data only ever go to the host you configured. " +
                $"Set OmsClientOptions.BaseAddress to the final address (environment and version, for example {OmsEnvironment.Sandbox}).",
                status, call),
            OmsFailureKind.TooLarge => Unexpected(
                $"OMS answered {during} with {StatusOf(status!.Value)} but " +
                (failure.Declared is { } length ? $"declares a body of {length.ToString("N0", CultureInfo.InvariantCulture)} bytes" : "sent a body of more than that") +
                $"; the SDK reads at most {failure.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes of an answer (OmsClientOptions.MaxResponseBodySize) and stopped. " +
                "No OMS answer should be that large: check that BaseAddress points at the OMS API (not a proxy or a file server), " +
                "or raise MaxResponseBodySize if OMS really sends answers this large" + advice,
                status, call),
            OmsFailureKind.Undecodable => Unexpected(
                $"OMS answered {during} with {StatusOf(status!.Value)} but its body could not be decompressed" +
                (failure.ServerText is { } encodings ? $" (Content-Encoding: {Shown(encodings, call)})" : " (its Content-Encoding does not match its bytes)") +
                ". Check that BaseAddress points at the OMS API, not a proxy that rewrites answers" + advice,
                status, call),
            OmsFailureKind.UnreadableCharset => Unexpected(
                $"OMS answered {during} with {StatusOf(status!.Value)} in a charset the SDK cannot read (Content-Type {Shown(failure.ServerText!, call)}); " +
                "OMS answers in UTF-8. Check that BaseAddress points at the OMS API (not a proxy or web page)" + advice,
                status, call),
            OmsFailureKind.NotTheExpectedJson => Unexpected(NotTheExpectedJson(failure, during, advice, call), status, call),
            OmsFailureKind.NoValue => Unexpected(
                $"OMS answered {during} with {StatusOf(status!.Value)} but the body is not a valid {failure.Expected!.Name}. " +
                "Check that BaseAddress points at the OMS API (not a proxy or web page)" + advice + UnmodelledAdvice,
                status, call),
            OmsFailureKind.RepeatedCursor => Unexpected(
                $"OMS returned a page cursor it had already returned ({failure.Size.ToString(CultureInfo.InvariantCulture)} pages read); listing stopped rather than loop forever. Report this to OMS with the cursor '{Shown(failure.ServerText!, call)}'.",
                status, call),
            _ => throw new InvalidOperationException($"No exception for failure kind {failure.Kind}."),
        };
    }

    /// <summary>An error answer as the exception for its status.</summary>
    private static OmsApiException FromAnswer(OmsErrorAnswer answer, OmsCallContext call) => Api(answer, call, static (answer, s) => answer.Status switch
    {
        HttpStatusCode.NotFound => new OmsNotFoundException(s.Message, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
        HttpStatusCode.Unauthorized => new OmsAuthenticationException(s.Message, answer.Status, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
        HttpStatusCode.BadRequest or OmsHttpStatus.UnprocessableEntity =>
            new OmsValidationException(s.Message, answer.Status, answer.FieldErrors, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
        HttpStatusCode.Conflict => new OmsConflictException(s.Message, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
        OmsHttpStatus.TooManyRequests => new OmsRateLimitedException(s.Message, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
        _ => new OmsApiException(s.Message, answer.Status, s.ErrorCode, s.ErrorMessage, s.RequestId, s.RetryAfter, s.RawBody, s.Operation, s.Attempts, s.IdempotencyKey),
    });

    /// <summary>The constructor arguments every API exception takes, in one value.</summary>
    private readonly record struct ApiDetails(string Message, string? ErrorCode, string? ErrorMessage, string? RequestId, TimeSpan? RetryAfter, string? RawBody, string Operation, int Attempts, string? IdempotencyKey);

    private static OmsApiException Api(OmsErrorAnswer answer, OmsCallContext call, Func<OmsErrorAnswer, ApiDetails, OmsApiException> create) =>
        create(answer, new ApiDetails(Describe(answer, call), answer.Code, answer.Message, answer.RequestId, answer.RetryAfter, answer.RawBody, call.Operation, call.Attempts, call.IdempotencyKey));

    private static OmsUnexpectedResponseException Unexpected(string message, HttpStatusCode? status, OmsCallContext call) =>
        new(message, status, null, call.Operation, call.Attempts, call.IdempotencyKey);

    /// <summary>An error answer's message: what OMS said, what to do, then the details to quote, each once and only when known.</summary>
    private static string Describe(OmsErrorAnswer answer, OmsCallContext call)
    {
        var text = new StringBuilder()
            .Append("OMS answered ").Append(call.Operation).Append(" with ").Append(StatusOf(answer.Status));
        if (answer.Code is { } code)
        {
            text.Append(" (").Append(code).Append(')');
        }

        if (answer.Message is { } message)
        {
            text.Append(": ").Append(message.TrimEnd('.', ' '));
        }

        text.Append(". ").Append(Advice(answer));
        if (call.Attempts > 1)
        {
            text.Append(" Attempts: ").Append(call.Attempts.ToString(CultureInfo.InvariantCulture)).Append('.');
        }

        if (answer.RequestId is { } requestId)
        {
            text.Append(" Request id: ").Append(requestId).Append('.');
        }

        if (call.IdempotencyKey is { } key && !Contains(answer.Message, key))
        {
            text.Append(" Idempotency-Key: ").Append(key).Append('.');
        }

        return text.ToString();
    }

    private static string Advice(OmsErrorAnswer answer) => answer.Status switch
    {
        HttpStatusCode.NotFound => "Check the id: no such customer exists for this API key and environment.",
        HttpStatusCode.Unauthorized => "The bearer token was refused even after a fresh token exchange: check ApiKey, ApiSecret and that BaseAddress is the environment the key belongs to.",
        HttpStatusCode.Forbidden => "The API key is not allowed to do this.",
        HttpStatusCode.BadRequest or OmsHttpStatus.UnprocessableEntity => "Fix the request; sending it unchanged will fail again.",
        // OMS's own message usually says the key was used already: then only what to do is added.
        HttpStatusCode.Conflict when Contains(answer.Message, "already used") => "Use a new key for a new customer.",
        HttpStatusCode.Conflict => "The Idempotency-Key was already used with a different request; use a new key for a new customer.",
        OmsHttpStatus.TooManyRequests => answer.RetryAfter is { } wait
            ? $"Rate limited: wait {Seconds(wait)} s before calling again."
            : "Rate limited: slow down before calling again.",
        _ when (int)answer.Status >= 500 => "OMS had a server error; the SDK retried what was safe to retry.",
        _ => "See the status and body for details.",
    };

    /// <summary>
    /// A success whose body is not the JSON expected: where the parser stopped and what it expected, never the body.
    /// </summary>
    private static string NotTheExpectedJson(OmsFailure failure, string during, string advice, OmsCallContext call)
    {
        var (line, position, path, malformed) = failure.JsonPosition;
        var message = new StringBuilder()
            .Append("OMS answered ").Append(during).Append(" with ").Append(StatusOf(failure.Status!.Value))
            .Append(" but the body is not a valid ").Append(ShapeName(failure.Expected!)).Append(": ")
            .Append(malformed
                ? "it is not well-formed JSON in UTF-8 (or the charset it names)"
                : "its JSON does not have the expected shape (a value of the wrong type or out of range, or a property given twice)");
        if (line is { } l)
        {
            message.Append(" at line ").Append((l + 1).ToString(CultureInfo.InvariantCulture));
            if (position is { } p)
            {
                message.Append(", byte ").Append((p + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (!string.IsNullOrEmpty(path))
        {
            message.Append(" (JSON path ").Append(Shown(path, call)).Append(')');
        }

        message.Append("; Content-Type ").Append(failure.ServerText is { } contentType ? Shown(contentType, call) : "(none)")
            .Append(", ").Append(failure.Size.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes. ")
            .Append("Check that BaseAddress points at the OMS API (not a proxy or web page)")
            .Append(advice)
            .Append(UnmodelledAdvice);
        return message.ToString();
    }

    private static string ShapeName(Type type) => type.Name switch
    {
        "TokenResponse" => "token answer ({\"accessToken\": …, \"expiresIn\": …})",
        { } name when name.EndsWith("Wire", StringComparison.Ordinal) => name[..^"Wire".Length] + " object",
        "Customer" or "CustomerPage" => type.Name + " object",
        { } name => name,
    };

    /// <summary>Server text fit for a message: control characters removed, capped, the call's secrets redacted.</summary>
    private static string Shown(string text, OmsCallContext call) => call.Redact(OmsRedactor.Sanitize(text, MaxShownLength)) ?? string.Empty;

    private static string Said(OmsErrorAnswer answer) => answer.Message is { } message ? $": {message.TrimEnd('.', ' ')}" : string.Empty;

    private static string RequestIdOf(OmsErrorAnswer answer) => answer.RequestId is { } id ? $" Request id: {id}." : string.Empty;

    private static bool Contains(string? text, string value) => text?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;

    private static string StatusOf(HttpStatusCode status) => $"{(int)status} {status}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Attempts(OmsCallContext call) => call.Attempts == 1 ? "1 attempt" : $"{call.Attempts.ToString(CultureInfo.InvariantCulture)} attempts";

    private static string LastStatus(OmsCallContext call) =>
        call.LastStatusCode is { } status ? $" (last answer {StatusOf(status)})" : string.Empty;

    private static string RetryAdvice(OmsCallContext call) =>
        call.IdempotencyKey is { } key ? $"; retry with Idempotency-Key {key} to avoid a duplicate." : ".";

    private static string MayHaveSucceeded(OmsCallContext call) =>
        call.IdempotencyKey is { } key ? $"; the request may have succeeded: retry with Idempotency-Key {key} to get it without a duplicate." : ".";
}
