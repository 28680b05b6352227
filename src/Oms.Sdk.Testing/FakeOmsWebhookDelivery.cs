using System.Net;

namespace Oms.Sdk.Testing;

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
