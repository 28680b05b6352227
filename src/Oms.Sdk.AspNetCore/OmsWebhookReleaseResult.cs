namespace Oms.Sdk.Webhooks;

/// <summary>What <see cref="IOmsWebhookInbox.ReleaseAsync"/> did.</summary>
public enum OmsWebhookReleaseResult
{
    /// <summary>The claim was the caller's: the delivery is absent again, so the next copy is handled.</summary>
    Released = 1,

    /// <summary>The caller no longer held the claim (its lease lapsed); nothing changed.</summary>
    NotOwner = 2,
}
