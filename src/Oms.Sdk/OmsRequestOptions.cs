namespace Oms.Sdk;

/// <summary>
/// Settings for one call, overriding the client's: a time budget, a retry count, an <c>Idempotency-Key</c> and extra
/// request headers. Pass it as <c>requestOptions</c> to any operation of <see cref="ICustomersClient"/> or on
/// <see cref="OmsRequest.RequestOptions"/>. Checked when the call starts; nothing is sent if it is invalid.
/// </summary>
/// <remarks>
/// The safety rules do not bend: a POST, PATCH, PUT or DELETE is retried only with an <c>Idempotency-Key</c> (the same on
/// every attempt), whatever <see cref="MaxRetries"/> says. See docs/when-the-sdk-and-oms-disagree.md.
/// </remarks>
/// <example><code>
/// var options = new OmsRequestOptions { Timeout = TimeSpan.FromSeconds(5), MaxRetries = 0 };
/// options.Headers["X-Oms-Beta"] = "balances";
/// Customer c = await client.Customers.GetAsync("cst_01H9Xa8F5dN6mP3q", options, ct);
/// </code></example>
public sealed class OmsRequestOptions
{
    /// <summary>
    /// This call's total budget, retries and their waits included, in place of <see cref="OmsResilienceOptions.TotalTimeout"/>;
    /// <see langword="null"/> keeps the client's. Must be positive. Each attempt is still bounded by
    /// <see cref="OmsResilienceOptions.AttemptTimeout"/>.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// How many times this call may be retried, in place of <see cref="OmsResilienceOptions.MaxRetries"/>: <c>0</c> makes one
    /// attempt; <see langword="null"/> keeps the client's. Must not be negative. Never makes an unkeyed POST or PATCH retryable.
    /// </summary>
    public int? MaxRetries { get; set; }

    /// <summary>
    /// The <c>Idempotency-Key</c> to send (1 to 255 printable ASCII characters), the same on every attempt. For a create or an
    /// update it is the same as the <c>idempotencyKey</c> argument (giving both with different values is refused); for
    /// <c>IOmsClient.SendAsync</c> it is what makes a POST, PATCH, PUT or DELETE retryable.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// Extra request headers, sent on every attempt (names compared without regard to case). Headers the SDK owns are
    /// refused: <c>Authorization</c>, <c>Idempotency-Key</c> (use <see cref="IdempotencyKey"/>), <c>Content-Type</c>,
    /// <c>Content-Length</c> and <c>Host</c>; so are names and values that are not valid HTTP.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
