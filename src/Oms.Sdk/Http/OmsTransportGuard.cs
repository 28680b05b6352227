using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Errors;

namespace Oms.Sdk.Http;

/// <summary>
/// The errors of answers the SDK refuses before reading what they say: a redirect, a body over
/// <see cref="OmsClientOptions.MaxResponseBodySize"/>, a body that cannot be decoded or is not the JSON expected.
/// Each is an <see cref="OmsUnexpectedResponseException"/>, which is never retried: the same server will answer the
/// same way. Messages say what to do and carry no body text; what they do show of the server's answer (a host, a
/// content type, a JSON path) is stripped of control characters, capped and redacted.
/// </summary>
internal static class OmsTransportGuard
{
    private const int MaxShownLength = 128;

    /// <summary>Any 3xx: the SDK never follows one (see <see cref="OmsPrimaryHandler"/>), and has nothing else to do with it.</summary>
    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and <= 399;

    /// <summary>A redirect, as an error naming the host it points at (never its path or query) and the setting to change.</summary>
    public static OmsUnexpectedResponseException Redirected(HttpResponseMessage response, OmsCallContext? call)
    {
        var status = response.StatusCode;
        var from = response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } sent ? sent.GetLeftPart(UriPartial.Authority) : "the configured host";
        var to = RedirectTarget(response, from);
        var message = new StringBuilder()
            .Append("OMS answered ").Append(OperationOf(call)).Append(" with ").Append(StatusOf(status))
            .Append(", a redirect to ").Append(to).Append(": BaseAddress points at ").Append(from)
            .Append(", a host that redirects. The SDK never follows redirects, so the API key and secret, bearer tokens and customer data only ever go to the host you configured. ")
            .Append("Set OmsClientOptions.BaseAddress to the final address (environment and version, for example ")
            .Append(OmsEnvironment.Sandbox).Append(").");
        return Stamp(new OmsUnexpectedResponseException(message.ToString(), null) { StatusCode = status }, call);
    }

    /// <summary>A body over the limit, declared (<c>Content-Length</c>) or found while reading.</summary>
    public static OmsUnexpectedResponseException TooLarge(OmsCallContext? call, HttpStatusCode status, long limit, long? declared)
    {
        var size = declared is { } length
            ? $"declares a body of {length.ToString("N0", CultureInfo.InvariantCulture)} bytes"
            : "sent a body of more than that";
        var message =
            $"OMS answered {OperationOf(call)} with {StatusOf(status)} but {size}; the SDK reads at most " +
            $"{limit.ToString("N0", CultureInfo.InvariantCulture)} bytes of an answer (OmsClientOptions.MaxResponseBodySize) and stopped. " +
            "No OMS answer should be that large: check that BaseAddress points at the OMS API (not a proxy or a file server), " +
            "or raise MaxResponseBodySize if OMS really sends answers this large" + RetryAdvice(call);
        return Stamp(new OmsUnexpectedResponseException(message, null) { StatusCode = status }, call);
    }

    /// <summary>A compressed body the decoder refused (the decoder's message is not passed on: it may quote the bytes).</summary>
    public static OmsUnexpectedResponseException Undecodable(OmsCallContext? call, HttpStatusCode status, ICollection<string> encodings)
    {
        var message =
            $"OMS answered {OperationOf(call)} with {StatusOf(status)} but its body could not be decompressed" +
            (encodings.Count > 0 ? $" (Content-Encoding: {Shown(string.Join(", ", encodings), call)})" : " (its Content-Encoding does not match its bytes)") + ". Check that BaseAddress points at the OMS API, not a proxy that rewrites answers" +
            RetryAdvice(call);
        return Stamp(new OmsUnexpectedResponseException(message, null) { StatusCode = status }, call);
    }

    /// <summary>A success whose <c>Content-Type</c> names a charset .NET cannot decode.</summary>
    public static OmsUnexpectedResponseException UnreadableCharset(OmsCallContext? call, HttpStatusCode status, string contentType)
    {
        var message =
            $"OMS answered {OperationOf(call)} with {StatusOf(status)} in a charset the SDK cannot read (Content-Type {Shown(contentType, call)}); " +
            "OMS answers in UTF-8. Check that BaseAddress points at the OMS API (not a proxy or web page)" + RetryAdvice(call);
        return Stamp(new OmsUnexpectedResponseException(message, null) { StatusCode = status }, call);
    }

    /// <summary>
    /// A success whose body is not the JSON expected. Says where the parser stopped and what it expected; the
    /// <see cref="JsonException"/> is neither quoted nor kept as the inner exception, since its message quotes body text.
    /// </summary>
    public static OmsUnexpectedResponseException NotTheExpectedJson(OmsCallContext? call, HttpStatusCode status, string? contentType, int length, Type expected, JsonException error)
    {
        var message = new StringBuilder()
            .Append("OMS answered ").Append(OperationOf(call)).Append(" with ").Append(StatusOf(status))
            .Append(" but the body is not a valid ").Append(ShapeName(expected)).Append(": ")
            .Append(error.InnerException is not null
                ? "it is not well-formed JSON in UTF-8 (or the charset it names)"
                : "its JSON does not have the expected shape (a value of the wrong type or out of range, or a property given twice)");
        if (error.LineNumber is { } line)
        {
            message.Append(" at line ").Append((line + 1).ToString(CultureInfo.InvariantCulture));
            if (error.BytePositionInLine is { } position)
            {
                message.Append(", byte ").Append((position + 1).ToString(CultureInfo.InvariantCulture));
            }
        }

        if (!string.IsNullOrEmpty(error.Path))
        {
            message.Append(" (JSON path ").Append(Shown(error.Path, call)).Append(')');
        }

        message.Append("; Content-Type ").Append(contentType is null ? "(none)" : Shown(contentType, call))
            .Append(", ").Append(length.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes. ")
            .Append("Check that BaseAddress points at the OMS API (not a proxy or web page)");
        if (call?.IdempotencyKey is { } key)
        {
            message.Append("; the request may have succeeded: retry with Idempotency-Key ").Append(key).Append(" to get it without a duplicate.");
        }
        else
        {
            message.Append('.');
        }

        return Stamp(new OmsUnexpectedResponseException(message.ToString(), null) { StatusCode = status }, call);
    }

    /// <summary>
    /// The transport failure without the server's bytes: the handler's messages for a malformed answer quote it
    /// ("invalid status line: '…'"), so those are replaced by what happened; others are kept, stripped of control
    /// characters and capped. The inner exception, which can quote the same bytes, is not kept. The kind of failure
    /// and the status stay, so the pipeline still retries it as a transport failure.
    /// </summary>
    public static HttpRequestException WithoutServerText(HttpRequestException error)
    {
        var message = error.HttpRequestError switch
        {
            HttpRequestError.InvalidResponse => "The server sent a malformed HTTP answer (its status line, headers or framing are not HTTP/1.1 or HTTP/2).",
            HttpRequestError.ResponseEnded => "The connection closed before the whole answer arrived.",
            HttpRequestError.UserAuthenticationError => "The server asked for HTTP authentication the SDK does not do.",
            HttpRequestError.ConfigurationLimitExceeded => "The server's answer exceeded a transport limit (its headers are too large).",
            _ => OmsRedactor.Sanitize(error.Message, 256),
        };
        return OmsHttpRequestExceptions.Create(message, null, error.StatusCode, error.HttpRequestError);
    }

    /// <summary>Server text fit for a message: control characters removed, capped, the call's secrets redacted.</summary>
    public static string Shown(string text, OmsCallContext? call) =>
        OmsRedactor.Redact(OmsRedactor.Sanitize(text, MaxShownLength), call) ?? string.Empty;

    private static string RedirectTarget(HttpResponseMessage response, string from)
    {
        if (!response.Headers.NonValidated.TryGetValues("Location", out var values) || values.Count == 0)
        {
            return "an address it did not give (no Location header)";
        }

        var location = values.ToString().Trim();
        if (Uri.TryCreate(location, UriKind.Absolute, out var target) && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps))
        {
            var authority = target.Scheme + "://" + target.Authority;
            return string.Equals(authority, from, StringComparison.OrdinalIgnoreCase)
                ? "another path on the same host " + OmsRedactor.Sanitize(authority, MaxShownLength)
                : OmsRedactor.Sanitize(authority, MaxShownLength);
        }

        return Uri.TryCreate(location, UriKind.Relative, out _) ? "another path on the same host" : "an address that is not a valid URL";
    }

    private static string ShapeName(Type type) => type.Name switch
    {
        "TokenResponse" => "token answer ({\"accessToken\": …, \"expiresIn\": …})",
        { } name when name.EndsWith("Wire", StringComparison.Ordinal) => name[..^"Wire".Length] + " object",
        { } name => name,
    };

    private static string OperationOf(OmsCallContext? call) => call?.Operation ?? "an OMS call";

    private static string StatusOf(HttpStatusCode status) => $"{(int)status} {status}";

    private static string RetryAdvice(OmsCallContext? call) =>
        call?.IdempotencyKey is { } key ? $"; the request may have succeeded: retry with Idempotency-Key {key} to get it without a duplicate." : ".";

    private static OmsUnexpectedResponseException Stamp(OmsUnexpectedResponseException exception, OmsCallContext? call)
    {
        exception.LastStatusCode = exception.StatusCode;
        if (call is not null)
        {
            exception.Operation = call.Operation;
            exception.Attempts = call.Attempts;
            exception.IdempotencyKey = call.IdempotencyKey;
        }

        return exception;
    }
}
