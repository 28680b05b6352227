using System.Net;
using System.Net.Http.Headers;
using Oms.Sdk.Http;

namespace Oms.Sdk.Auth;

/// <summary>
/// Puts the bearer token on each attempt. On a 401 it gets a fresh token and replays the same request once
/// (same <c>Idempotency-Key</c>); a second 401 goes back to the caller as an authentication error. Nothing else: the
/// body, redirects and transport failures are the <see cref="OmsResponseBodyHandler"/>'s, below it.
/// </summary>
/// <remarks>
/// A cached token and an answer that is not a 401, both at hand at once (the common case), take no state machine and
/// no task of their own: the answer's task from below is handed up as it is.
/// </remarks>
internal sealed class BearerTokenHandler(OmsTokenSource tokens) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = OmsCallContext.From(request);
        var sender = InnerHandler ?? throw new InvalidOperationException("The bearer handler has no inner handler.");
        ValueTask<string> getting;
        try
        {
            getting = tokens.GetTokenAsync(sender, rejected: null, cancellationToken);
            if (getting.IsCompletedSuccessfully)
            {
                var token = getting.Result;
                Authorize(request, call, token);
                var sending = base.SendAsync(request, cancellationToken);
                return sending.Status == TaskStatus.RanToCompletion && sending.Result.StatusCode != HttpStatusCode.Unauthorized
                    ? sending
                    : ReplayIfRefusedAsync(request, call, sender, token, sending, cancellationToken);
            }
        }
        catch (Exception e)
        {
            // What an async method would do with it: the failure is the task's, not the caller's stack.
            return Task.FromException<HttpResponseMessage>(e);
        }

        return SendWhenTokenArrivesAsync(request, call, sender, getting, cancellationToken);
    }

    /// <summary>The same, for a token still being fetched (the first call, an exchange under way).</summary>
    private async Task<HttpResponseMessage> SendWhenTokenArrivesAsync(HttpRequestMessage request, OmsCallContext? call, HttpMessageHandler sender, ValueTask<string> getting, CancellationToken cancellationToken)
    {
        var token = await getting.ConfigureAwait(false);
        Authorize(request, call, token);
        return await ReplayIfRefusedAsync(request, call, sender, token, base.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer to the attempt being sent, or, when OMS refused its token, to the same request with a fresh one.</summary>
    private async Task<HttpResponseMessage> ReplayIfRefusedAsync(HttpRequestMessage request, OmsCallContext? call, HttpMessageHandler sender, string token, Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await tokens.GetTokenAsync(sender, rejected: token, cancellationToken).ConfigureAwait(false);
        Authorize(request, call, token);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Authorize(HttpRequestMessage request, OmsCallContext? call, string token)
    {
        call?.SentToken(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
