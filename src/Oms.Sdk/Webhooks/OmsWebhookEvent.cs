using System.Text.Json;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// A verified OMS webhook event. The concrete type says which kind: <see cref="CustomerEndorsementGrantedEvent"/>,
/// <see cref="CustomerEvent"/> (other <c>customer.*</c> events) or <see cref="UnknownOmsEvent"/> (any type this SDK does
/// not know, so a new event type never fails). Only <see cref="OmsWebhookVerifier"/> produces these from deliveries;
/// construct them yourself to test your handlers.
/// </summary>
public abstract record OmsWebhookEvent
{
    private protected OmsWebhookEvent()
    {
    }

    /// <summary>
    /// The delivery id from the <c>webhook-id</c> header. The same across OMS's retries of one event: use it to drop
    /// duplicates.
    /// </summary>
    public required string WebhookId { get; init; }

    /// <summary>The event type as OMS sent it, for example <c>customer.endorsement.granted</c>.</summary>
    public required string Type { get; init; }

    /// <summary>
    /// When the event happened: the envelope's <c>timestamp</c>, else its <c>createdAt</c>, else the
    /// <c>webhook-timestamp</c> header.
    /// </summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The envelope's own <c>id</c>, when OMS sends one.</summary>
    public string? Id { get; init; }
}
