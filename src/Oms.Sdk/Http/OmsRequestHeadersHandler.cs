namespace Oms.Sdk.Http;

/// <summary>
/// Puts the caller's extra headers (<see cref="OmsRequestOptions.Headers"/>, checked when the call started) on the request,
/// once, before the retries: every attempt sends them. A call without options passes straight through (no state machine,
/// nothing allocated).
/// </summary>
internal sealed class OmsRequestHeadersHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (OmsCallContext.From(request)?.RequestOptions is { Headers.Count: > 0 } options)
        {
            foreach (var (name, value) in options.Headers)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
