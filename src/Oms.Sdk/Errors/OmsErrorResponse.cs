using System.Net;
using System.Text.Json;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;

namespace Oms.Sdk.Errors;

/// <summary>Reads an OMS error answer into an <see cref="OmsErrorAnswer"/>; <see cref="OmsExceptionFactory"/> makes the exception.</summary>
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

    /// <summary>
    /// Reads what an error answer says: status, error code and message, field errors, request id, Retry-After, and the
    /// bounded, redacted body. The body is the one the response body handler read into <paramref name="call"/>, and
    /// its JSON is decoded once.
    /// </summary>
    public static OmsErrorAnswer Read(HttpResponseMessage response, OmsCallContext call, TimeProvider timeProvider)
    {
        // OMS may echo what it was sent (a rejected birth date, say): the call's PII and secrets are redacted first.
        // Reading a little past the bound first means a value cut at the bound is still whole when it is redacted.
        var raw = Truncate(call.Redact(call.Body.ReadText(MaxRawBodyLength + RedactionMargin)));
        var (code, message, fieldErrors) = ParseBody(raw, response.StatusCode is HttpStatusCode.BadRequest or OmsHttpStatus.UnprocessableEntity);

        // The parsed code and message are the redacted body's, unescaped: redacted again as they now read, and stripped
        // of control characters, since they go into the exception's message, the log and the span.
        code = code is null ? null : call.Redact(OmsRedactor.Sanitize(code, MaxCodeLength));
        message = message is null ? null : call.Redact(OmsRedactor.Sanitize(message, MaxMessageLength));
        return new OmsErrorAnswer(response.StatusCode, NullIfBlank(code), NullIfBlank(message), ReadRequestId(response, call), RetryAfter.Read(response.Headers, timeProvider.GetUtcNow()), raw, fieldErrors);
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>The code and message of an error body, and its field errors when <paramref name="withFieldErrors"/>: one parse.</summary>
    internal static (string? Code, string? Message, IReadOnlyList<OmsFieldError> FieldErrors) ParseBody(string? raw, bool withFieldErrors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, null, []);
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, []);
            }

            var (code, message) = CodeAndMessage(root);
            return (code, message, withFieldErrors ? OmsFieldErrors.Parse(root) : []);
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, say), or cut at the bound: the raw body is all there is.
            return (null, null, []);
        }
    }

    private static (string? Code, string? Message) CodeAndMessage(JsonElement root)
    {
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
    internal static string? ReadRequestId(HttpResponseMessage response, OmsCallContext? call) =>
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
}
