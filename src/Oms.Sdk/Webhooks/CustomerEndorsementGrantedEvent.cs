using System.Text.Json;

namespace Oms.Sdk.Webhooks;

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
