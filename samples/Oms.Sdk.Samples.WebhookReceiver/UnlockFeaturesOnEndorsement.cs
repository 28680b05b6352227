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
        var features = unlocks.Unlock(new EndorsementGrant(evt.WebhookId, evt.Customer.Id, evt.GrantedEndorsements, evt.Timestamp));
        logger.LogInformation(
            "OMS granted customer {CustomerId} the endorsements {Endorsements} (webhook {WebhookId}); unlocked features: {Features}",
            evt.Customer.Id, string.Join(", ", evt.GrantedEndorsements), evt.WebhookId, string.Join(", ", features.Features));
        return Task.CompletedTask;
    }
}
