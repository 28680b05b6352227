using System.Net;

namespace Oms.Sdk.Testing;

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
