namespace Oms.Sdk.Webhooks;

/// <summary>
/// <c>customer.endorsement.granted</c>: OMS granted an endorsement to a customer. <see cref="GrantedEndorsement"/> is the one
/// this event grants, when the payload names it; <see cref="HeldEndorsements"/> is every endorsement the customer holds now
/// (the granted one among them); <see cref="Customer"/> is the customer as of the event.
/// </summary>
/// <example><code>
/// if (evt.GrantedEndorsement == Endorsement.Usd) { /* this grant unlocks USD features for evt.Customer.Id */ }
/// if (evt.HeldEndorsements.Contains(Endorsement.Usd)) { /* the customer holds usd, whichever grant this is */ }
/// </code></example>
public sealed record CustomerEndorsementGrantedEvent : OmsWebhookEvent
{
    /// <summary>The event type this record stands for.</summary>
    public const string EventType = "customer.endorsement.granted";

    /// <summary>The customer, from the envelope's <c>data</c>.</summary>
    public required Customer Customer { get; init; }

    /// <summary>
    /// The endorsement this event grants, from the envelope's <c>endorsement</c> (<c>{"type", "timestamp", "endorsement":
    /// "usd", "data": {…}}</c>); <see langword="null"/> when the payload does not say (then compare
    /// <see cref="HeldEndorsements"/> with what you knew), <see cref="Endorsement.Unknown"/> for a name this SDK does not know
    /// (its spelling is in <see cref="GrantedEndorsementName"/>).
    /// </summary>
    public Endorsement? GrantedEndorsement { get; init; }

    /// <summary>The endorsement this event grants as OMS spelt it, or <see langword="null"/> when the payload does not say.</summary>
    public string? GrantedEndorsementName { get; init; }

    /// <summary>
    /// Every endorsement the customer holds now: those approved on <see cref="Customer"/>, each once; not only the one this
    /// event grants (that is <see cref="GrantedEndorsement"/>). Names this SDK does not know are not listed; read them from
    /// <see cref="Customer.Endorsements"/> (<see cref="CustomerEndorsement.RawName"/>).
    /// </summary>
    public IReadOnlyList<Endorsement> HeldEndorsements =>
        Customer.Endorsements
            .Where(e => e.Status == EndorsementStatus.Approved && e.Name != Endorsement.Unknown)
            .Select(e => e.Name)
            .Distinct()
            .ToList()
            .AsReadOnly();
}
