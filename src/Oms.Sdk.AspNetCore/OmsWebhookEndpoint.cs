using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Answers one webhook request: read the raw body within the size limit (413), verify (400, reason only in the log), drop
/// a duplicate (204, handlers not run), dispatch (204; 500 when a handler throws, with the id forgotten so OMS's retry is
/// processed).
/// </summary>
internal sealed class OmsWebhookEndpoint(
    IOptions<OmsWebhookOptions> options,
    OmsWebhookVerifier verifier,
    IOmsWebhookDeduplicator deduplicator,
    ILoggerFactory loggerFactory)
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly long _maxBodySize = options.Value.MaxBodySize;
    private readonly TimeSpan _retention = options.Value.EffectiveRetention;
    private readonly ILogger _logger = loggerFactory.CreateLogger(OmsWebhookLog.Category);

    public async Task HandleAsync(HttpContext context)
    {
        var evt = await ReadVerifiedEventAsync(context).ConfigureAwait(false);
        if (evt is null)
        {
            return;
        }

        var aborted = context.RequestAborted;
        if (!await deduplicator.TryMarkProcessedAsync(evt.WebhookId, _retention, aborted).ConfigureAwait(false))
        {
            OmsWebhookLog.Duplicate(_logger, evt.WebhookId, evt.Type);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        try
        {
            var handlers = await OmsWebhookDispatcher.DispatchAsync(evt, context.RequestServices, aborted).ConfigureAwait(false);
            if (handlers == 0)
            {
                OmsWebhookLog.NoHandler(_logger, evt.Type, evt.WebhookId);
            }
            else
            {
                OmsWebhookLog.Handled(_logger, evt.WebhookId, evt.Type, handlers);
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        catch (Exception e)
        {
            // Whatever a handler throws becomes a 500 that lets OMS's retry through.
            await ForgetAsync(evt.WebhookId).ConfigureAwait(false);
            if (aborted.IsCancellationRequested)
            {
                OmsWebhookLog.Aborted(_logger, evt.WebhookId, evt.Type);
                return;
            }

            OmsWebhookLog.HandlerFailed(_logger, evt.WebhookId, evt.Type, e);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
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
            var failure = verifier.TryVerifyAndParse(body, Header, out var evt);
            if (failure == OmsWebhookVerificationFailure.None)
            {
                return evt;
            }

            OmsWebhookLog.Rejected(_logger, Header(OmsWebhookVerifier.IdHeader), failure, OmsWebhookFailureText.Describe(failure));
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

    private async Task ForgetAsync(string webhookId)
    {
        try
        {
            // Not the request's token: the sender may be gone, and the id must be forgotten all the same.
            await deduplicator.UnmarkAsync(webhookId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A failure to forget is logged; the 500 still goes out.
            OmsWebhookLog.UnmarkFailed(_logger, webhookId, e);
        }
    }
}
