using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Samples.WebhookReceiver;

/// <summary>
/// Runs once per verified, not yet seen <c>customer.endorsement.granted</c> delivery: logs the grant and unlocks the
/// features it brings. Keep handlers quick and idempotent; hand slow work to a queue.
/// </summary>
/// <param name="unlocks">The app's feature store.</param>
/// <param name="logger">The log.</param>
public sealed class UnlockFeaturesOnEndorsement(FeatureUnlocks unlocks, ILogger<UnlockFeaturesOnEndorsement> logger)
    : IOmsWebhookHandler<CustomerEndorsementGrantedEvent>
{
    /// <inheritdoc />
    public Task HandleAsync(CustomerEndorsementGrantedEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        // Unlock by what the customer holds now, not only by this grant: a lost or reordered earlier delivery is made good too.
        var features = unlocks.Unlock(new EndorsementGrant(evt.WebhookId, evt.Customer.Id, evt.HeldEndorsements, evt.Timestamp));
        logger.LogInformation(
            "OMS granted customer {CustomerId} the endorsement {GrantedEndorsement}; it now holds {HeldEndorsements} (webhook {WebhookId}); unlocked features: {Features}",
            evt.Customer.Id, evt.GrantedEndorsementName ?? "an endorsement the event does not name", string.Join(", ", evt.HeldEndorsements),
            evt.WebhookId, string.Join(", ", features.Features));
        return Task.CompletedTask;
    }
}
