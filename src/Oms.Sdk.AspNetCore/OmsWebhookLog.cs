using Microsoft.Extensions.Logging;

namespace Oms.Sdk.Webhooks;

/// <summary>The webhook endpoint's log messages (category <c>Oms.Sdk.Webhooks</c>). None carries a secret or a body.</summary>
internal static partial class OmsWebhookLog
{
    public const string Category = "Oms.Sdk.Webhooks";

    [LoggerMessage(1, LogLevel.Warning, "Rejected an OMS webhook delivery (webhook-id {WebhookId}) with 400: {Failure}. {Advice}")]
    public static partial void Rejected(ILogger logger, string? webhookId, OmsWebhookVerificationFailure failure, string advice);

    [LoggerMessage(2, LogLevel.Warning, "Rejected an OMS webhook delivery with 413: its body is larger than OmsWebhookOptions.MaxBodySize ({MaxBodySize} bytes).")]
    public static partial void TooLarge(ILogger logger, long maxBodySize);

    [LoggerMessage(3, LogLevel.Error, "OMS webhook delivery {WebhookId} is authentic but its payload could not be read; answered 400.")]
    public static partial void UnreadablePayload(ILogger logger, string? webhookId, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Dropped a duplicate of OMS webhook delivery {WebhookId} ({EventType}); answered 204 without running handlers.")]
    public static partial void Duplicate(ILogger logger, string webhookId, string eventType);

    [LoggerMessage(5, LogLevel.Information, "No handler is registered for OMS webhook event {EventType} (delivery {WebhookId}); acknowledged with 204.")]
    public static partial void NoHandler(ILogger logger, string eventType, string webhookId);

    [LoggerMessage(6, LogLevel.Debug, "Handled OMS webhook delivery {WebhookId} ({EventType}) with {HandlerCount} handler(s).")]
    public static partial void Handled(ILogger logger, string webhookId, string eventType, int handlerCount);

    [LoggerMessage(7, LogLevel.Error, "A handler failed on OMS webhook delivery {WebhookId} ({EventType}); answered 500 so that OMS retries it.")]
    public static partial void HandlerFailed(ILogger logger, string webhookId, string eventType, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Could not forget OMS webhook delivery {WebhookId} after its handling failed; OMS's retry of it may be dropped as a duplicate.")]
    public static partial void UnmarkFailed(ILogger logger, string webhookId, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "The sender went away while OMS webhook delivery {WebhookId} ({EventType}) was handled; it was forgotten so OMS's retry is processed.")]
    public static partial void Aborted(ILogger logger, string webhookId, string eventType);
}
