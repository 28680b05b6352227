using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Http;

namespace Oms.Sdk.Errors;

/// <summary>Turns an OMS error answer into the matching <see cref="OmsApiException"/>.</summary>
/// <remarks>
/// OMS documents no error schema, so the body is read leniently in the order the project ruled:
/// <c>{"error":{"code","message"}}</c>, <c>{"code","message"}</c>, <c>{"error":"text"}</c>, <c>{"message"}</c>,
/// RFC 7807 <c>{"type","title","detail"}</c>. Anything else keeps only the raw body.
/// </remarks>
internal static class OmsErrorResponse
{
    public const int MaxRawBodyLength = 4096;

    /// <summary>A request id longer than this is cut: it is a server's free text, and goes into messages and logs.</summary>
    public const int MaxRequestIdLength = 128;

    private const int RedactionMargin = 512;
    private const int MaxCodeLength = 128;
    private const int MaxMessageLength = 1024;

    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id", "X-Correlation-Id"];

    public static async Task<OmsApiException> ToExceptionAsync(HttpResponseMessage response, OmsCallContext call, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (status, code, message, requestId, retryAfter, raw) = await ReadAsync(response, call, timeProvider, cancellationToken).ConfigureAwait(false);
        var text = Describe(call, status, code, message, requestId, retryAfter);

        OmsApiException exception = status switch
        {
            HttpStatusCode.NotFound => new OmsNotFoundException(text),
            HttpStatusCode.Unauthorized => new OmsAuthenticationException(text, status),
            HttpStatusCode.BadRequest or (HttpStatusCode)422 => new OmsValidationException(text, status) { FieldErrors = OmsFieldErrors.Parse(raw) },
            HttpStatusCode.Conflict => new OmsConflictException(text),
            (HttpStatusCode)429 => new OmsRateLimitedException(text),
            _ => new OmsApiException(text, status),
        };
        exception.Operation = call.Operation;
        exception.Attempts = call.Attempts;
        exception.IdempotencyKey = call.IdempotencyKey;
        return Populate(exception, status, code, message, requestId, retryAfter, raw);
    }

    /// <summary>Reads what an error answer says: status, error code and message, request id, Retry-After, and the bounded, redacted body.</summary>
    public static async Task<ErrorAnswer> ReadAsync(HttpResponseMessage response, OmsCallContext call, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // OMS may echo what it was sent (a rejected birth date, say): the call's PII and secrets are redacted first.
        // Reading a little past the bound first means a value cut at the bound is still whole when it is redacted.
        var raw = Truncate(call.Redact(await ReadBoundedAsync(response.Content, MaxRawBodyLength + RedactionMargin, cancellationToken).ConfigureAwait(false)));
        var (code, message) = ParseBody(raw);

        // The parsed code and message are the redacted body's, unescaped: redacted again as they now read, and stripped
        // of control characters, since they go into the exception's message, the log and the span.
        code = code is null ? null : call.Redact(OmsRedactor.Sanitize(code, MaxCodeLength));
        message = message is null ? null : call.Redact(OmsRedactor.Sanitize(message, MaxMessageLength));
        return new ErrorAnswer(response.StatusCode, code, message, ReadRequestId(response, call), RetryAfter.Read(response.Headers, timeProvider.GetUtcNow()), raw);
    }

    public static TException Populate<TException>(TException exception, HttpStatusCode status, string? code, string? message, string? requestId, TimeSpan? retryAfter, string? raw)
        where TException : OmsApiException
    {
        exception.LastStatusCode = status;
        exception.ErrorCode = code;
        exception.ErrorMessage = message;
        exception.RequestId = requestId;
        exception.RetryAfter = retryAfter;
        exception.RawBody = raw;
        return exception;
    }

    internal readonly record struct ErrorAnswer(HttpStatusCode Status, string? Code, string? Message, string? RequestId, TimeSpan? RetryAfter, string? RawBody);

    internal static (string? Code, string? Message) ParseBody(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (Text(error, "code"), Text(error, "message"));
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return (Text(root, "code"), error.GetString());
                }
            }

            if (root.TryGetProperty("code", out _) || root.TryGetProperty("message", out _))
            {
                return (Text(root, "code"), Text(root, "message"));
            }

            if (root.TryGetProperty("title", out _) || root.TryGetProperty("detail", out _))
            {
                var title = Text(root, "title");
                var detail = Text(root, "detail");
                var message = (title, detail) switch
                {
                    (null, _) => detail,
                    (_, null) => title,
                    _ => $"{title}: {detail}",
                };
                return (Text(root, "type"), message);
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, say): the raw body is all there is.
        }

        return (null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;

    /// <summary>
    /// The answer's request id, stripped of control characters, cut to <see cref="MaxRequestIdLength"/> and redacted of
    /// the call's secrets (found through the request the answer came for).
    /// </summary>
    internal static string? ReadRequestId(HttpResponseMessage response) =>
        ReadRequestId(response, response.RequestMessage is { } request ? OmsCallContext.From(request) : null);

    private static string? ReadRequestId(HttpResponseMessage response, OmsCallContext? call) =>
        ReadRawRequestId(response) is { } id && OmsRedactor.Sanitize(id, MaxRequestIdLength).Trim() is { Length: > 0 } clean
            ? OmsRedactor.Redact(clean, call)
            : null;

    private static string? ReadRawRequestId(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            // Unvalidated: request ids are free text, and this runs on every answer, so nothing is parsed or copied.
            if (response.Headers.NonValidated.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        return value.Trim();
                    }
                }
            }
        }

        return null;
    }

    private static string? Truncate(string? text) => text is { Length: > MaxRawBodyLength } ? text[..MaxRawBodyLength] : text;

    private static async Task<string?> ReadBoundedAsync(HttpContent? content, int maxLength, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new char[maxLength];
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1024, leaveOpen: true);
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total == 0 ? null : new string(buffer, 0, total);
        }
    }

    private static string Describe(OmsCallContext call, HttpStatusCode status, string? code, string? message, string? requestId, TimeSpan? retryAfter)
    {
        var text = new StringBuilder()
            .Append("OMS answered ").Append(call.Operation).Append(" with ")
            .Append((int)status).Append(' ').Append(status);
        if (code is not null)
        {
            text.Append(" (").Append(code).Append(')');
        }

        if (message is not null)
        {
            text.Append(": ").Append(message.TrimEnd('.', ' '));
        }

        text.Append(". ").Append(Advice(status, retryAfter));
        if (call.Attempts > 1)
        {
            text.Append(" Attempts: ").Append(call.Attempts.ToString(CultureInfo.InvariantCulture)).Append('.');
        }

        if (requestId is not null)
        {
            text.Append(" Request id: ").Append(requestId).Append('.');
        }

        if (call.IdempotencyKey is not null)
        {
            text.Append(" Idempotency-Key: ").Append(call.IdempotencyKey).Append('.');
        }

        return text.ToString();
    }

    private static string Advice(HttpStatusCode status, TimeSpan? retryAfter) => status switch
    {
        HttpStatusCode.NotFound => "Check the id: no such customer exists for this API key and environment.",
        HttpStatusCode.Unauthorized => "The bearer token was refused even after a fresh token exchange: check ApiKey, ApiSecret and that BaseAddress is the environment the key belongs to.",
        HttpStatusCode.Forbidden => "The API key is not allowed to do this.",
        HttpStatusCode.BadRequest or (HttpStatusCode)422 => "Fix the request; sending it unchanged will fail again.",
        HttpStatusCode.Conflict => "The Idempotency-Key was already used with a different request; use a new key for a new customer.",
        (HttpStatusCode)429 => retryAfter is { } wait
            ? $"Rate limited: wait {wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s before calling again."
            : "Rate limited: slow down before calling again.",
        _ when (int)status >= 500 => "OMS had a server error; the SDK retried what was safe to retry.",
        _ => "See the status and body for details.",
    };

}
