using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Http;

namespace Oms.Sdk.Auth;

/// <summary>
/// Puts the bearer token on each attempt. On a 401 it gets a fresh token and replays the same request once
/// (same <c>Idempotency-Key</c>); a second 401 goes back to the caller as an authentication error.
/// Sits inside the retry pipeline, so each retry is authenticated afresh.
/// </summary>
internal sealed class BearerTokenHandler(OmsTokenSource tokens, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // Still a transport failure to the pipeline, but without the server bytes a malformed answer's message quotes.
            throw OmsTransportGuard.WithoutServerText(e);
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = OmsCallContext.From(request);
        call?.OnAttempt();
        if (call is not null && logger.IsEnabled(LogLevel.Debug))
        {
            OmsLog.Attempt(logger, call.Operation, call.Attempts, request.Method.Method, request.RequestUri?.AbsolutePath);
        }

        var sender = InnerHandler ?? throw new InvalidOperationException("The bearer handler has no inner handler.");
        var token = await tokens.GetTokenAsync(sender, rejected: null, cancellationToken).ConfigureAwait(false);
        call?.SentToken(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            token = await tokens.GetTokenAsync(sender, rejected: token, cancellationToken).ConfigureAwait(false);
            call?.SentToken(token);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (call is not null)
        {
            call.LastStatusCode = response.StatusCode;
        }

        // The SDK's own transport never follows a redirect; a handler of the caller's that does not either hands the
        // 3xx up, and it ends the call here, naming the host, rather than reading as "not a customer".
        if (OmsTransportGuard.IsRedirect(response.StatusCode))
        {
            using (response)
            {
                throw OmsTransportGuard.Redirected(response, call);
            }
        }

        // Read the body inside the attempt, so a connection that closes mid-body is a failed attempt that the
        // pipeline retries and the attempt timeout covers, not an error after the pipeline. Bounded by
        // MaxResponseBodySize; an answer over it ends the call (not retried).
        try
        {
            response.Content = await OmsBufferedContent.ReadAsync(response, tokens.MaxResponseBodySize, call, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }
}
