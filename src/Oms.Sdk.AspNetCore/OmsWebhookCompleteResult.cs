namespace Oms.Sdk.Webhooks;

/// <summary>What <see cref="IOmsWebhookInbox.CompleteAsync"/> did.</summary>
public enum OmsWebhookCompleteResult
{
    /// <summary>The claim was the caller's: the delivery is done.</summary>
    Completed = 1,

    /// <summary>The caller no longer held the claim (its lease lapsed); nothing changed.</summary>
    NotOwner = 2,
}
