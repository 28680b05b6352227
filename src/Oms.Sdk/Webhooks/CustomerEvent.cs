using System.Text.Json;

namespace Oms.Sdk.Webhooks;

/// <summary>Any other <c>customer.*</c> event (see <see cref="OmsWebhookEvent.Type"/>), with the customer it is about.</summary>
public sealed record CustomerEvent : OmsWebhookEvent
{
    /// <summary>The prefix of the event types this record stands for.</summary>
    public const string TypePrefix = "customer.";

    /// <summary>The customer, from the envelope's <c>data</c>.</summary>
    public required Customer Customer { get; init; }
}
