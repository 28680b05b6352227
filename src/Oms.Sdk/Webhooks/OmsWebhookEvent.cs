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

/// <summary>
/// <c>customer.endorsement.granted</c>: OMS granted one or more endorsements to a customer. <see cref="Customer"/> is the
/// customer as of the event; <see cref="GrantedEndorsements"/> lists what is now granted.
/// </summary>
/// <example><code>
/// if (evt.GrantedEndorsements.Contains(Endorsement.Usd)) { /* enable USD features for evt.Customer.Id */ }
/// </code></example>
public sealed record CustomerEndorsementGrantedEvent : OmsWebhookEvent
{
    /// <summary>The event type this record stands for.</summary>
    public const string EventType = "customer.endorsement.granted";

    /// <summary>The customer, from the envelope's <c>data</c>.</summary>
    public required Customer Customer { get; init; }

    /// <summary>
    /// The endorsements the customer now holds: those approved on <see cref="Customer"/>, each once. Names this SDK does not
    /// know are not listed; read them from <see cref="Customer.Endorsements"/> (<see cref="CustomerEndorsement.RawName"/>).
    /// </summary>
    public IReadOnlyList<Endorsement> GrantedEndorsements =>
        Customer.Endorsements
            .Where(e => e.Status == EndorsementStatus.Approved && e.Name != Endorsement.Unknown)
            .Select(e => e.Name)
            .Distinct()
            .ToList()
            .AsReadOnly();
}

/// <summary>Any other <c>customer.*</c> event (see <see cref="OmsWebhookEvent.Type"/>), with the customer it is about.</summary>
public sealed record CustomerEvent : OmsWebhookEvent
{
    /// <summary>The prefix of the event types this record stands for.</summary>
    public const string TypePrefix = "customer.";

    /// <summary>The customer, from the envelope's <c>data</c>.</summary>
    public required Customer Customer { get; init; }
}

/// <summary>
/// An event of a type this SDK does not model (for example <c>transaction.fiatToCrypto.completed</c> or
/// <c>wallet.depositDetected</c>), kept with its raw <c>data</c> so nothing is lost.
/// </summary>
public sealed record UnknownOmsEvent : OmsWebhookEvent
{
    /// <summary>
    /// The envelope's <c>data</c> as raw JSON, independent of the parsed body (safe to keep). Its
    /// <see cref="JsonElement.ValueKind"/> is <see cref="JsonValueKind.Undefined"/> when the envelope had no <c>data</c>.
    /// </summary>
    public JsonElement Data { get; init; }
}
