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

/// <summary>How one receiver took one webhook event: every attempt, and the outcome.</summary>
public sealed record FakeOmsWebhookDelivery
{
    /// <summary>The receiver's URL.</summary>
    public required Uri Receiver { get; init; }

    /// <summary>Every attempt in order; at least one.</summary>
    public required IReadOnlyList<FakeOmsWebhookAttempt> Attempts { get; init; }

    /// <summary>Whether an attempt got a 2xx answer.</summary>
    public bool Delivered => Attempts[^1].StatusCode is { } status && (int)status is >= 200 and <= 299;

    /// <summary>Whether the receiver answered <c>410 Gone</c>, which (as in OMS) stops retries and removes the receiver.</summary>
    public bool ReceiverDisabled => Attempts[^1].StatusCode == HttpStatusCode.Gone;

    /// <summary>The status of the last attempt, or <see langword="null"/> when it got no answer.</summary>
    public HttpStatusCode? StatusCode => Attempts[^1].StatusCode;
}

/// <summary>One HTTP attempt of a webhook delivery.</summary>
public sealed record FakeOmsWebhookAttempt
{
    /// <summary>When the attempt was sent, on the fake's clock; its Unix seconds are the <c>webhook-timestamp</c>.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>
    /// The headers sent: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> (signed afresh for each
    /// attempt's timestamp) and <c>content-type</c>. Names compare case-insensitively.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The receiver's answer, or <see langword="null"/> when the connection failed or timed out.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Why no answer came, when none did.</summary>
    public string? Error { get; init; }
}
