using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Answers one webhook request: read the raw body within the size limit (413), verify (400, reason only in the log), wake
/// the application's endorsement waits on a grant (<see cref="OmsEndorsementSignals"/>), then claim the delivery in the
/// inbox and run its handlers (see <see cref="HandleAsync"/> for the answer to each state).
/// </summary>
internal sealed class OmsWebhookEndpoint(
    IOptions<OmsWebhookOptions> options,
    OmsWebhookVerifier verifier,
    IOmsWebhookInbox inbox,
    OmsEndorsementSignals signals,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime? lifetime = null)
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>When to retry after a 503 (the inbox could not answer): soon, the store is usually back in seconds.</summary>
    private const string InboxUnavailableRetryAfter = "5";

    private readonly long _maxBodySize = options.Value.MaxBodySize;
    private readonly TimeSpan _retention = options.Value.EffectiveRetention;
    private readonly TimeSpan _handlerTimeout = options.Value.HandlerTimeout;
    private readonly TimeSpan _lease = options.Value.ClaimLease;
    private readonly TimeProvider _timeProvider = options.Value.TimeProvider;

    // After a 409 the claim has resolved one way or the other within one lease.
    private readonly string _inProgressRetryAfter = ((long)Math.Ceiling(options.Value.ClaimLease.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    private readonly ILogger _logger = loggerFactory.CreateLogger(OmsWebhookLog.Category);

    /// <summary>
    /// Claims the verified delivery, then: <b>done</b> before → 204, handlers not run; <b>in progress</b> under another
    /// attempt → 409 with <c>Retry-After</c>, nothing run; inbox unreachable → 503 with <c>Retry-After</c>, nothing run;
    /// <b>claimed</b> → run the handlers, then complete the claim and answer 204, or release it and answer 500 when one
    /// throws or overruns <see cref="OmsWebhookOptions.HandlerTimeout"/>.
    /// </summary>
    public async Task HandleAsync(HttpContext context)
    {
        var evt = await ReadVerifiedEventAsync(context).ConfigureAwait(false);
        if (evt is null)
        {
            return;
        }

        // Verified, so the waits of this application may hear of it (each confirms with a read of its own, so a duplicate
        // delivery, or one whose handlers fail, wakes them harmlessly).
        if (evt is CustomerEndorsementGrantedEvent granted)
        {
            signals.Publish(granted);
        }

        var owner = Guid.NewGuid().ToString("N");
        OmsWebhookClaimResult claim;
        try
        {
            claim = await inbox.TryClaimAsync(evt.WebhookId, owner, _lease, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The sender left before anything was claimed: nothing to answer, nothing to undo.
            return;
        }
        catch (Exception e)
        {
            // Never a 2xx without a claim: OMS retries a 503, and no handler ran.
            OmsWebhookLog.InboxUnavailable(_logger, evt.WebhookId, evt.Type, e);
            Answer(context, StatusCodes.Status503ServiceUnavailable, InboxUnavailableRetryAfter);
            return;
        }

        switch (claim)
        {
            case OmsWebhookClaimResult.Claimed:
                await RunClaimedAsync(context, evt, owner).ConfigureAwait(false);
                return;
            case OmsWebhookClaimResult.Done:
                OmsWebhookLog.Duplicate(_logger, evt.WebhookId, evt.Type);
                Answer(context, StatusCodes.Status204NoContent);
                return;
            default:
                // InProgress (or a value a custom inbox should not return): retryable, never 2xx, never 410.
                OmsWebhookLog.InProgress(_logger, evt.WebhookId, evt.Type);
                Answer(context, StatusCodes.Status409Conflict, _inProgressRetryAfter);
                return;
        }
    }

    private async Task RunClaimedAsync(HttpContext context, OmsWebhookEvent evt, string owner)
    {
        // Not the request's token: a sender that stopped waiting will retry, and the retry should find the work done rather
        // than cut short. The handlers stop at HandlerTimeout, or when the application shuts down.
        using var timeout = new CancellationTokenSource(_handlerTimeout, _timeProvider);
        using var linked = lifetime is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.ApplicationStopping);
        var cancellationToken = linked?.Token ?? timeout.Token;
        int handlers;
        try
        {
            handlers = await OmsWebhookDispatcher.DispatchAsync(evt, context.RequestServices, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (timeout.IsCancellationRequested && e is OperationCanceledException)
            {
                OmsWebhookLog.HandlerTimedOut(_logger, evt.WebhookId, evt.Type, _handlerTimeout, e);
            }
            else
            {
                OmsWebhookLog.HandlerFailed(_logger, evt.WebhookId, evt.Type, e);
            }

            await ReleaseAsync(evt.WebhookId, owner).ConfigureAwait(false);
            Answer(context, StatusCodes.Status500InternalServerError);
            return;
        }

        if (handlers == 0)
        {
            OmsWebhookLog.NoHandler(_logger, evt.Type, evt.WebhookId);
        }
        else
        {
            OmsWebhookLog.Handled(_logger, evt.WebhookId, evt.Type, handlers);
        }

        try
        {
            // Not the request's token either: the outcome must be recorded whether or not the sender still listens.
            if (await inbox.CompleteAsync(evt.WebhookId, owner, _retention, CancellationToken.None).ConfigureAwait(false) != OmsWebhookCompleteResult.Completed)
            {
                OmsWebhookLog.LeaseLost(_logger, evt.WebhookId, evt.Type, _lease);
            }
        }
        catch (Exception e)
        {
            // The handlers did succeed, so 2xx is the truth; a 500 would make OMS retry into a second handling once the
            // lease lapses.
            OmsWebhookLog.CompleteFailed(_logger, evt.WebhookId, evt.Type, _lease, e);
        }

        Answer(context, StatusCodes.Status204NoContent);
    }

    private async Task ReleaseAsync(string webhookId, string owner)
    {
        try
        {
            // NotOwner needs nothing: the lease lapsed already, so the retry is handled.
            await inbox.ReleaseAsync(webhookId, owner, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The 500 still goes out; the lease lapses and OMS's retry is handled then.
            OmsWebhookLog.ReleaseFailed(_logger, webhookId, _lease, e);
        }
    }

    private static void Answer(HttpContext context, int status, string? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
    }

    /// <summary>Reads and verifies the delivery; on any failure sets the status, logs why, and returns <see langword="null"/>.</summary>
    private async Task<OmsWebhookEvent?> ReadVerifiedEventAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > _maxBodySize)
        {
            return TooLarge(context);
        }

        // MaxBodySize is this endpoint's limit, enforced exactly by the read loop below. The server's own limit is lifted
        // here: Kestrel counts chunk framing against it, so it would refuse chunked bodies under MaxBodySize, and its
        // default (30 MB) would cut a larger MaxBodySize short.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? InitialBufferSize, _maxBodySize) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _maxBodySize)
                {
                    return TooLarge(context);
                }
            }

            return Verify(context, buffer.AsSpan(0, length));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(context);
        }
        finally
        {
            // The body may hold customer data: do not leave it in a shared pool.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private OmsWebhookEvent? Verify(HttpContext context, ReadOnlySpan<byte> body)
    {
        var headers = context.Request.Headers;
        string? Header(string name) => headers.TryGetValue(name, out var values) && values.Count > 0
            ? values.Count == 1 ? values[0] : string.Join(' ', values.ToArray())
            : null;

        try
        {
            if (verifier.TryVerifyAndParse(body, Header, out var evt, out var failure))
            {
                return evt;
            }

            OmsWebhookLog.Rejected(_logger, Header(OmsWebhookVerifier.IdHeader) is { Length: > 0 } id ? id : "none sent", failure, OmsWebhookFailureText.Describe(failure));
        }
        catch (OmsWebhookPayloadException e)
        {
            OmsWebhookLog.UnreadablePayload(_logger, Header(OmsWebhookVerifier.IdHeader), e);
        }

        // No detail in the body: the reason is in the log, and a forger learns nothing.
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return null;
    }

    private OmsWebhookEvent? TooLarge(HttpContext context)
    {
        OmsWebhookLog.TooLarge(_logger, _maxBodySize);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return null;
    }

    private byte[] Grow(byte[] buffer, int length)
    {
        // One byte past the limit is enough to see that a body is too large.
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _maxBodySize + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        return larger;
    }
}
