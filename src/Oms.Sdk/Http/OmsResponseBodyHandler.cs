using Oms.Sdk.Errors;

namespace Oms.Sdk.Http;

/// <summary>
/// The transport's edge, once per HTTP request the SDK sends (an attempt, its 401 replay, a token exchange): refuses
/// redirects, reads the body once, bounded by <see cref="OmsClientOptions.MaxResponseBodySize"/>, into the call
/// (<see cref="OmsCallContext.Body"/>), and lets nothing but facts out. A transport failure leaves as an
/// <see cref="HttpRequestException"/> without the server's bytes (so the retry rules still see it), whatever the handler
/// below raised; a body cut before its <c>Content-Length</c> is one too.
/// </summary>
internal sealed class OmsResponseBodyHandler(long maxResponseBodySize) : DelegatingHandler
{
    private const int MaxShownLength = 128;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = OmsCallContext.From(request);
        Task<HttpResponseMessage> sending;
        try
        {
            sending = base.SendAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            sending = Task.FromException<HttpResponseMessage>(e); // handled below as a failure of the send, like any other
        }

        if (call is not null && sending.Status == TaskStatus.RanToCompletion)
        {
            // The answer is at hand (an in-memory handler, a body already buffered): when its body is too, the task from
            // below is handed up as it is, with no state machine or task of this handler's.
            var accepting = AcceptAsync(sending.Result, call, cancellationToken);
            if (accepting.IsCompletedSuccessfully)
            {
                return sending;
            }

            return CompleteAsync(sending, accepting, call, cancellationToken);
        }

        return CompleteAsync(sending, accepting: null, call, cancellationToken);
    }

    /// <summary>
    /// Awaits the answer and its acceptance (started already, or started here), and lets nothing but facts out: a transport
    /// failure leaves as an <see cref="HttpRequestException"/> without the server's text, and the answer is disposed.
    /// </summary>
    private async Task<HttpResponseMessage> CompleteAsync(Task<HttpResponseMessage> sending, ValueTask? accepting, OmsCallContext? call, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await sending.ConfigureAwait(false);
            if (call is null)
            {
                return response; // not an SDK call: nothing to bound or keep
            }

            await (accepting ?? AcceptAsync(response, call, cancellationToken)).ConfigureAwait(false);
            return response;
        }
        catch (Exception e) when (e is not (OperationCanceledException or OmsFailure or OmsException))
        {
            response?.Dispose();
            throw WithoutServerText(e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a redirect, then reads the body, bounded, and keeps it on the call.</summary>
    private async ValueTask AcceptAsync(HttpResponseMessage response, OmsCallContext call, CancellationToken cancellationToken)
    {
        call.LastStatusCode = response.StatusCode;
#if NETFRAMEWORK
        // .NET Framework leaves an answer without a body with no content at all (a caller's handler can return one, a 401
        // say): the empty content .NET gives it, so the body, the error mapping and the headers read it as on any target.
        response.Content ??= new ByteArrayContent([]);
#endif

        // The SDK's own transport never follows a redirect; a handler of the caller's that does not either hands the
        // 3xx up, and it ends the call here, naming the host, rather than reading as "not a customer".
        if ((int)response.StatusCode is >= 300 and <= 399)
        {
            throw Redirected(response, call);
        }

        // Read inside the attempt, so a connection that closes mid-body is a failed attempt that the pipeline
        // retries and the attempt timeout covers, not an error after the pipeline.
        var body = await OmsResponseBody.ReadAsync(response, maxResponseBodySize, call, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            // The attempt was cancelled (its timeout, the call's, the caller) while the answer came in: a transport that
            // lets it through anyway (Mono's aborts the request too late to stop it) must not turn a timed-out attempt into a success.
            body.ReturnBuffer();
            cancellationToken.ThrowIfCancellationRequested();
        }

        call.KeepBody(body);
    }

    /// <summary>
    /// The transport failure as the retry rules know it (<see cref="HttpRequestException"/>), without the server's bytes:
    /// the handler's messages for a malformed answer quote it ("invalid status line: '…'"), so those are replaced by what
    /// happened; others are kept, stripped of control characters and capped. The inner exception, which can quote the
    /// same bytes, is not kept. Anything else a handler below raised (a bare <see cref="IOException"/> of a handler of
    /// the caller's, say) is a transport failure too.
    /// </summary>
    internal static HttpRequestException WithoutServerText(Exception error)
    {
        if (error is not HttpRequestException http)
        {
            // Its message is not passed on: it may quote what the server sent.
            return OmsHttpRequestExceptions.Create($"The HTTP handler below the SDK raised {error.GetType().Name}.");
        }

        var message = http.HttpRequestError switch
        {
            HttpRequestError.InvalidResponse => "The server sent a malformed HTTP answer (its status line, headers or framing are not HTTP/1.1 or HTTP/2).",
            HttpRequestError.ResponseEnded => "The connection closed before the whole answer arrived.",
            HttpRequestError.UserAuthenticationError => "The server asked for HTTP authentication the SDK does not do.",
            HttpRequestError.ConfigurationLimitExceeded => "The server's answer exceeded a transport limit (its headers are too large).",
            _ => OmsRedactor.Sanitize(http.Message, 256),
        };
        return OmsHttpRequestExceptions.Create(message, null, http.StatusCode, http.HttpRequestError);
    }

    /// <summary>A redirect, with the host it points at (never its path or query) and the host it came from.</summary>
    private static OmsFailure Redirected(HttpResponseMessage response, OmsCallContext call)
    {
        var from = response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } sent ? sent.GetLeftPart(UriPartial.Authority) : "the configured host";
        return OmsFailure.Redirected(call.Operation, response.StatusCode, from, RedirectTarget(response, from));
    }

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
}
