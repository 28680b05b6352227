using Microsoft.Extensions.Logging;

namespace Oms.Sdk.Webhooks;

/// <summary>The webhook endpoint's log messages (category <c>Oms.Sdk.Webhooks</c>). None carries a secret or a body.</summary>
internal static partial class OmsWebhookLog
{
    public const string Category = "Oms.Sdk.Webhooks";

    [LoggerMessage(1, LogLevel.Warning, "Rejected an OMS webhook delivery (webhook-id {WebhookId}) with 400: {Failure}. {Advice}")]
    public static partial void Rejected(ILogger logger, string webhookId, OmsWebhookVerificationFailure failure, string advice);

    [LoggerMessage(2, LogLevel.Warning, "Rejected an OMS webhook delivery with 413: its body is larger than OmsWebhookOptions.MaxBodySize ({MaxBodySize} bytes).")]
    public static partial void TooLarge(ILogger logger, long maxBodySize);

    [LoggerMessage(3, LogLevel.Error, "OMS webhook delivery {WebhookId} is authentic but its payload could not be read; answered 400.")]
    public static partial void UnreadablePayload(ILogger logger, string? webhookId, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Dropped a duplicate of OMS webhook delivery {WebhookId} ({EventType}): it was handled already; answered 204 without running handlers.")]
    public static partial void Duplicate(ILogger logger, string webhookId, string eventType);

    [LoggerMessage(5, LogLevel.Information, "No handler is registered for OMS webhook event {EventType} (delivery {WebhookId}); acknowledged with 204.")]
    public static partial void NoHandler(ILogger logger, string eventType, string webhookId);

    [LoggerMessage(6, LogLevel.Debug, "Handled OMS webhook delivery {WebhookId} ({EventType}) with {HandlerCount} handler(s).")]
    public static partial void Handled(ILogger logger, string webhookId, string eventType, int handlerCount);

    [LoggerMessage(7, LogLevel.Error, "A handler failed on OMS webhook delivery {WebhookId} ({EventType}); its claim was released and 500 answered so that OMS retries it.")]
    public static partial void HandlerFailed(ILogger logger, string webhookId, string eventType, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Could not release the claim on OMS webhook delivery {WebhookId} after its handling failed; OMS's retry is handled once the lease ({Lease}) lapses.")]
    public static partial void ReleaseFailed(ILogger logger, string webhookId, TimeSpan lease, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Another attempt is handling OMS webhook delivery {WebhookId} ({EventType}); answered 409 so that OMS retries it later.")]
    public static partial void InProgress(ILogger logger, string webhookId, string eventType);

    [LoggerMessage(10, LogLevel.Error, "The webhook inbox could not claim OMS webhook delivery {WebhookId} ({EventType}); answered 503 without running handlers so that OMS retries it.")]
    public static partial void InboxUnavailable(ILogger logger, string webhookId, string eventType, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "The handlers of OMS webhook delivery {WebhookId} ({EventType}) did not finish within OmsWebhookOptions.HandlerTimeout ({HandlerTimeout}); its claim was released and 500 answered so that OMS retries it.")]
    public static partial void HandlerTimedOut(ILogger logger, string webhookId, string eventType, TimeSpan handlerTimeout, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "Handled OMS webhook delivery {WebhookId} ({EventType}) but could not record it as done; answered 204. A copy that arrives after the lease ({Lease}) lapses would be handled again.")]
    public static partial void CompleteFailed(ILogger logger, string webhookId, string eventType, TimeSpan lease, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Handled OMS webhook delivery {WebhookId} ({EventType}) after its claim's lease ({Lease}) had lapsed; answered 204, but another attempt may handle it again. Keep handlers within OmsWebhookOptions.HandlerTimeout and let them honour its cancellation.")]
    public static partial void LeaseLost(ILogger logger, string webhookId, string eventType, TimeSpan lease);
}
