namespace Oms.Sdk;

/// <summary>The OMS client: one per OMS account, thread-safe, meant to live as a singleton. Mock it in your own tests.</summary>
public interface IOmsClient
{
    /// <summary>The Customers resource.</summary>
    ICustomersClient Customers { get; }

    /// <summary>
    /// Sends a request to an OMS route the SDK does not model (yet) through the same pipeline as the typed calls: the
    /// bearer token and its 401 replay, retries (a GET always; a POST, PATCH, PUT or DELETE only with an
    /// <c>Idempotency-Key</c> in <see cref="OmsRequest.RequestOptions"/>, the same on every attempt), redirects refused,
    /// the body bounded, redaction, a span and metrics named for the method and route template.
    /// </summary>
    /// <param name="request">The method, path below the base address, query, JSON body and options.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The 2xx answer: status, headers, body bytes, request id, attempts.</returns>
    /// <exception cref="ArgumentException">An option is invalid (nothing is sent).</exception>
    /// <exception cref="OmsNotFoundException">OMS answered 404; every other non-2xx answer is its typed <see cref="OmsException"/> too.</exception>
    /// <example><code>
    /// OmsRawResponse balance = await client.SendAsync(new OmsRequest(HttpMethod.Get, "customers/cst_1/balance"), ct);
    /// </code></example>
    Task<OmsRawResponse> SendAsync(OmsRequest request, CancellationToken cancellationToken = default);
}
