using System.Net;
using System.Net.Http.Headers;
using Oms.Sdk.Http;

namespace Oms.Sdk.Auth;

/// <summary>
/// Puts the bearer token on each attempt. On a 401 it gets a fresh token and replays the same request once
/// (same <c>Idempotency-Key</c>); a second 401 goes back to the caller as an authentication error. Nothing else: the
/// body, redirects and transport failures are the <see cref="OmsResponseBodyHandler"/>'s, below it.
/// </summary>
internal sealed class BearerTokenHandler(OmsTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = OmsCallContext.From(request);
        var sender = InnerHandler ?? throw new InvalidOperationException("The bearer handler has no inner handler.");
        var token = await tokens.GetTokenAsync(sender, rejected: null, cancellationToken).ConfigureAwait(false);
        call?.SentToken(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await tokens.GetTokenAsync(sender, rejected: token, cancellationToken).ConfigureAwait(false);
        call?.SentToken(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
