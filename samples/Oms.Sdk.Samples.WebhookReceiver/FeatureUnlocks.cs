using System.Collections.Concurrent;

namespace Oms.Sdk.Samples.WebhookReceiver;

/// <summary>
/// What each customer may use in this app, by the endorsements OMS granted them. In memory for the sample; a real app
/// keeps this in its database, in the same transaction as whatever else the grant changes.
/// </summary>
public sealed class FeatureUnlocks
{
    private readonly ConcurrentDictionary<string, CustomerFeatures> _customers = new(StringComparer.Ordinal);

    /// <summary>The features each endorsement unlocks in this app.</summary>
    public static IReadOnlyList<string> FeaturesOf(Endorsement endorsement) => endorsement switch
    {
        Endorsement.Basic => ["payments"],
        Endorsement.CryptoCustody => ["crypto-wallets"],
        Endorsement.Usd => ["usd-stablecoins", "virtual-accounts"],
        _ => [],
    };

    /// <summary>What a customer has unlocked so far (nothing for a customer this app has not heard of).</summary>
    /// <param name="customerId">The OMS customer id.</param>
    /// <returns>The customer's features and the grants that unlocked them.</returns>
    public CustomerFeatures For(string customerId) => _customers.GetValueOrDefault(customerId) ?? new CustomerFeatures(customerId, [], []);

    /// <summary>
    /// Records a grant and unlocks what it brings. Unlocking is idempotent (a set union), so a delivery handled twice
    /// unlocks nothing new; the grant is still recorded, which shows how often the handler ran.
    /// </summary>
    /// <param name="grant">The grant, from a verified webhook.</param>
    /// <returns>The customer's features after the grant.</returns>
    public CustomerFeatures Unlock(EndorsementGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _customers.AddOrUpdate(
            grant.CustomerId,
            static (id, g) => new CustomerFeatures(id, [], []).With(g),
            static (_, current, g) => current.With(g),
            grant);
    }
}

/// <summary>A customer's unlocked features, and every grant that was handled for them.</summary>
/// <param name="CustomerId">The OMS customer id.</param>
/// <param name="Features">The features unlocked, sorted.</param>
/// <param name="Grants">Each handled grant, in order.</param>
public sealed record CustomerFeatures(string CustomerId, IReadOnlyList<string> Features, IReadOnlyList<EndorsementGrant> Grants)
{
    internal CustomerFeatures With(EndorsementGrant grant) => this with
    {
        Features = [.. Features.Union(grant.Endorsements.SelectMany(FeatureUnlocks.FeaturesOf)).Order(StringComparer.Ordinal)],
        Grants = [.. Grants, grant],
    };
}

/// <summary>One handled <c>customer.endorsement.granted</c> event.</summary>
/// <param name="WebhookId">The delivery id (the same on OMS's retries of it).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Endorsements">What the customer holds now.</param>
/// <param name="GrantedAt">When OMS granted it.</param>
public sealed record EndorsementGrant(string WebhookId, string CustomerId, IReadOnlyList<Endorsement> Endorsements, DateTimeOffset GrantedAt);
