using Oms.Sdk.Errors;
using Oms.Sdk.Http;

namespace Oms.Sdk.Engine;

/// <summary>
/// The descriptor of one <see cref="IOmsClient.SendAsync"/> call, made per call from its <see cref="OmsRequest"/>: named
/// for its method and route template (ids replaced, see <see cref="OmsRequestPath.Template"/>), replayed always for a
/// GET, HEAD or OPTIONS and otherwise only with the caller's <c>Idempotency-Key</c>, and answered as bytes.
/// </summary>
internal static class OmsRawOperation
{
    private static readonly HttpMethod[] SafeMethods = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options];

    public static OmsOperation<HttpClient, OmsRequest, object, OmsRawResponse> For(OmsRequest request)
    {
        var route = request.Method.Method + " /" + OmsRequestPath.Template(request.Path);
        return new()
        {
            Name = route,
            SpanName = "oms " + route,
            Replay = SafeMethods.Contains(request.Method) ? OmsReplay.Always : OmsReplay.WithIdempotencyKey,
            Send = static (http, request, call, ct) => http.SendAsync(CreateMessage(http, request, call), HttpCompletionOption.ResponseHeadersRead, ct),
            ResponseType = null,
            Map = static _ => throw new InvalidOperationException("A raw answer is read by ReadRaw."),
            ReadRaw = static (body, response, call) => new OmsRawResponse
            {
                StatusCode = response.StatusCode,
                Headers = OmsResponseHeaders.From(response.Headers, response.Content.Headers, call.Redact),
                Content = body.Bytes.ToArray(),
                RequestId = OmsErrorResponse.ReadRequestId(response, call),
                IdempotencyKey = call.IdempotencyKey,
                Attempts = call.Attempts,
            },
        };
    }

    /// <summary>The request message: below the base address (checked again against it), the key if any, the body as JSON.</summary>
    private static HttpRequestMessage CreateMessage(HttpClient http, OmsRequest request, OmsCallContext call)
    {
        var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("The OMS HTTP client has no base address.");
        var message = new HttpRequestMessage(request.Method, OmsRequestPath.Resolve(baseAddress, request));
        message.Options.Set(OmsCallContext.Key, call);
        if (call.IdempotencyKey is { } key)
        {
            message.Headers.TryAddWithoutValidation(OmsIdempotencyKey.Header, key);
        }

        if (request.Content is { } content)
        {
            message.Content = new ReadOnlyMemoryContent(content);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        }

        return message;
    }
}
