using Oms.Sdk.Http;

namespace Oms.Sdk;

/// <summary>
/// A request to an OMS route the SDK does not model (yet), for <c>IOmsClient.SendAsync</c>: it runs through the same
/// pipeline as the typed calls (token, retries, redirects refused, bounded body, redaction, telemetry).
/// </summary>
/// <example><code>
/// var request = new OmsRequest(HttpMethod.Get, "customers/cst_01H9Xa8F5dN6mP3q/balance");
/// request.Query["asset"] = "usdc";
/// OmsRawResponse response = await client.SendAsync(request, ct);
/// </code></example>
public sealed class OmsRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">
    /// The path relative to <see cref="OmsClientOptions.BaseAddress"/>, for example <c>customers/cst_1/balance</c> (a leading
    /// <c>/</c> is allowed and still means below the base address). Segments are sent as written: escape what needs it.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The path is empty, an absolute URL, has a <c>.</c> or <c>..</c> segment (escaped or not), an empty segment, a
    /// backslash, a query or fragment (use <see cref="Query"/>), or characters that are not valid in a URL path.
    /// </exception>
    public OmsRequest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        Method = method;
        Path = OmsRequestPath.Validate(path);
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The path relative to the base address, as given (checked).</summary>
    public string Path { get; }

    /// <summary>Query parameters, escaped when sent; a key appears once, in insertion order.</summary>
    public IDictionary<string, string> Query { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The body, sent as <c>application/json</c>; <see langword="null"/> sends none. The SDK does not read or change it.</summary>
    public ReadOnlyMemory<byte>? Content { get; set; }

    /// <summary>This call's settings: timeout, retries, <c>Idempotency-Key</c> (what makes a POST, PATCH, PUT or DELETE retryable), extra headers.</summary>
    public OmsRequestOptions? RequestOptions { get; set; }
}
