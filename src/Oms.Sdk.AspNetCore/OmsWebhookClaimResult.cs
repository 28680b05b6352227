namespace Oms.Sdk.Webhooks;

/// <summary>What <see cref="IOmsWebhookInbox.TryClaimAsync"/> found.</summary>
public enum OmsWebhookClaimResult
{
    /// <summary>The id was absent: it is now in progress under the caller's owner token. Run the handlers.</summary>
    Claimed = 1,

    /// <summary>Another attempt holds an unexpired claim: answer a retryable non-2xx (the endpoint answers 409), run nothing.</summary>
    InProgress = 2,

    /// <summary>It was handled already: acknowledge (2xx) without running handlers.</summary>
    Done = 3,
}
