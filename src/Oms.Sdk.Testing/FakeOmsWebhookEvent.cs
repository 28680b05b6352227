using System.Net;

namespace Oms.Sdk.Testing;

/// <summary>
/// A webhook event the fake sent, from <see cref="FakeOmsServer.GrantEndorsementAsync"/>: the exact body, and how each
/// registered receiver took it. Replay or tamper with a delivery by sending <see cref="Body"/> (UTF-8) with the
/// <see cref="FakeOmsWebhookAttempt.Headers"/> of one of its attempts.
/// </summary>
public sealed record FakeOmsWebhookEvent
{
    /// <summary>The <c>webhook-id</c> header: <c>msg_</c> + random characters, the same on every attempt and receiver.</summary>
    public required string Id { get; init; }

    /// <summary>The event type, for example <c>customer.endorsement.granted</c>.</summary>
    public required string Type { get; init; }

    /// <summary>When the event happened (the envelope's <c>timestamp</c>), on the fake's clock.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The body exactly as sent, <c>{"type","timestamp","data"}</c>; its UTF-8 bytes are what was signed.</summary>
    public required string Body { get; init; }

    /// <summary>The customer the event is about, after the change, as a client reads it.</summary>
    public required Customer Customer { get; init; }

    /// <summary>One entry per receiver registered when the event was sent, in registration order.</summary>
    public required IReadOnlyList<FakeOmsWebhookDelivery> Deliveries { get; init; }
}
