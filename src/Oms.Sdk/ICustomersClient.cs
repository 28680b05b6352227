namespace Oms.Sdk;

/// <summary>
/// The OMS Customers resource: create, retrieve, update and list customers. Thread-safe. Every operation takes an optional
/// <see cref="OmsRequestOptions"/> (<c>requestOptions</c>) for this call's timeout, retries, key and extra headers, and has
/// a <c>*WithResponseAsync</c> twin that returns the answer's status, headers and request id with the value.
/// </summary>
public interface ICustomersClient
{
    /// <summary>Creates a customer (<c>POST /customers</c>). Safe to retry: every attempt sends the same <c>Idempotency-Key</c>.</summary>
    /// <param name="request">The customer to create; <c>new CreateCustomerRequest()</c> is the minimal valid one.</param>
    /// <param name="idempotencyKey">
    /// The key that makes this create idempotent; <see langword="null"/> generates a UUID. Pass your own (for example your
    /// user id plus an attempt number) to make a create safe across process restarts.
    /// </param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The request holds an <c>Unknown</c> enum value or a modelled name in <see cref="CreateCustomerRequest.AdditionalProperties"/>;
    /// the key is empty, too long or not printable ASCII; or <paramref name="requestOptions"/> is invalid or names another key.
    /// </exception>
    /// <exception cref="OmsValidationException">OMS rejected the content (400/422).</exception>
    /// <exception cref="OmsConflictException">The key was used before with a different body (409).</exception>
    /// <exception cref="OmsException">Any other failure; see the subclasses.</exception>
    Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a customer with the client's settings; see <see cref="CreateAsync(CreateCustomerRequest, string?, OmsRequestOptions?, CancellationToken)"/>.</summary>
    /// <param name="request">The customer to create.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer.</returns>
    Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken)
#if !NETFRAMEWORK // .NET Framework runs no default interface methods: there an implementation writes these overloads.
        => CreateAsync(request, idempotencyKey, null, cancellationToken)
#endif
        ;

    /// <summary>Creates a customer and returns it with the call's details: the idempotency key sent, the request id, the attempts, the headers.</summary>
    /// <param name="request">The customer to create.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer and the call's details.</returns>
    Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a customer with the client's settings and returns it with the call's details.</summary>
    /// <param name="request">The customer to create.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer and the call's details.</returns>
    Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => CreateWithResponseAsync(request, idempotencyKey, null, cancellationToken)
#endif
        ;

    /// <summary>Retrieves a customer (<c>GET /customers/{customerId}</c>).</summary>
    /// <param name="customerId">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>. Sent as one escaped path segment.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The customer.</returns>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null, empty, white space, <c>.</c> or <c>..</c>; or <paramref name="requestOptions"/> is invalid.</exception>
    /// <exception cref="OmsNotFoundException">No such customer.</exception>
    Task<Customer> GetAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a customer with the client's settings; see <see cref="GetAsync(string, OmsRequestOptions?, CancellationToken)"/>.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The customer.</returns>
    Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => GetAsync(customerId, null, cancellationToken)
#endif
        ;

    /// <summary>Retrieves a customer and returns it with the call's details: the request id, the attempts, the headers.</summary>
    /// <param name="customerId">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The customer and the call's details.</returns>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is not an id, or <paramref name="requestOptions"/> is invalid.</exception>
    /// <exception cref="OmsNotFoundException">No such customer.</exception>
    Task<OmsResponse<Customer>> GetWithResponseAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until OMS grants <paramref name="endorsement"/> to the customer (status <c>approved</c> or <c>active</c>, in any
    /// letter case, or the plain-name form) and returns the customer as then read. It reads the customer at once, then again
    /// after jittered, growing intervals (<see cref="OmsWaitOptions"/>), waiting as long as a 429's <c>Retry-After</c> asks;
    /// and it returns early when the application's <see cref="OmsEndorsementSignals"/> hears of the grant (an
    /// <c>Oms.Sdk.AspNetCore</c> webhook endpoint feeds them), confirming with one read.
    /// </summary>
    /// <param name="customerId">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>.</param>
    /// <param name="endorsement">The endorsement to wait for.</param>
    /// <param name="options">Intervals and timeout; <see langword="null"/> for the defaults (2 s growing 1.5 times to 30 s, 10 minutes in all).</param>
    /// <param name="cancellationToken">Cancels the wait; it then ends with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The customer, holding the endorsement.</returns>
    /// <exception cref="ArgumentException">The id is null, empty, white space, <c>.</c> or <c>..</c>; the endorsement is <see cref="Endorsement.Unknown"/>; or an option is out of range.</exception>
    /// <exception cref="OmsEndorsementRejectedException">OMS rejected the endorsement; the exception carries its reasons.</exception>
    /// <exception cref="OmsTimeoutException">The endorsement was not granted within <see cref="OmsWaitOptions.Timeout"/>; the message names the last status seen.</exception>
    /// <exception cref="OmsNotFoundException">No such customer (404).</exception>
    /// <exception cref="OmsException">A read failed in a way waiting cannot mend (a 429, 408, 5xx, connection failure or call timeout does not end the wait).</exception>
    /// <example><code>
    /// Customer ready = await client.Customers.WaitForEndorsementAsync(customer.Id, Endorsement.Usd, cancellationToken: ct);
    /// </code></example>
    Task<Customer> WaitForEndorsementAsync(string customerId, Endorsement endorsement, OmsWaitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates a customer partially (<c>PATCH /customers/{customerId}</c>): only the properties assigned in
    /// <paramref name="request"/> change; <see langword="null"/> clears one (see <see cref="UpdateCustomerRequest"/>).
    /// Safe to retry: every attempt sends the same <c>Idempotency-Key</c>, and it is retried under the same rules as a create.
    /// </summary>
    /// <param name="customerId">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>. Sent as one escaped path segment.</param>
    /// <param name="request">The changes; at least one property must be assigned.</param>
    /// <param name="idempotencyKey">
    /// The key that makes this update idempotent; <see langword="null"/> generates a UUID. Pass your own to make an update
    /// safe across process restarts (the same key with a different body is a conflict).
    /// </param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The whole customer as updated. Compliance-relevant changes may have put endorsements back under review.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The request assigns nothing (nothing is sent), holds an <c>Unknown</c> enum value or a null document; the id is
    /// null, empty, white space, <c>.</c> or <c>..</c>; or the key is empty, too long or not printable ASCII.
    /// </exception>
    /// <exception cref="OmsNotFoundException">No such customer (404).</exception>
    /// <exception cref="OmsValidationException">OMS rejected the content (400/422); not retried.</exception>
    /// <exception cref="OmsConflictException">The key was used before with a different body (409).</exception>
    /// <exception cref="OmsException">Any other failure; see the subclasses.</exception>
    /// <example><code>
    /// Customer c = await client.Customers.UpdateAsync(customerId,
    ///     new UpdateCustomerRequest { BirthDate = new DateOnly(1990, 5, 15), SignedAgreement = true,
    ///                                 ResidentialAddress = new ResidentialAddress { Line1 = "1 Main St", Country = "US" } },
    ///     idempotencyKey: null, cancellationToken: ct);
    /// </code></example>
    Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a customer with the client's settings; see <see cref="UpdateAsync(string, UpdateCustomerRequest, string?, OmsRequestOptions?, CancellationToken)"/>.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="request">The changes; at least one property must be assigned.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The whole customer as updated.</returns>
    Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => UpdateAsync(customerId, request, idempotencyKey, null, cancellationToken)
#endif
        ;

    /// <summary>Updates a customer and returns it with the call's details: the idempotency key sent, the request id, the attempts, the headers.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="request">The changes; at least one property must be assigned.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The updated customer and the call's details.</returns>
    Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a customer with the client's settings and returns it with the call's details.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="request">The changes; at least one property must be assigned.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The updated customer and the call's details.</returns>
    Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => UpdateWithResponseAsync(customerId, request, idempotencyKey, null, cancellationToken)
#endif
        ;

    /// <summary>Fetches one page of customers (<c>GET /customers</c>).</summary>
    /// <param name="options">Filters, page size and cursor; <see langword="null"/> for the first page with OMS's defaults.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The page; pass <see cref="CustomerPage.NextCursor"/> as <see cref="ListCustomersOptions.Cursor"/> for the next one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ListCustomersOptions.Limit"/> is outside 1 to 100.</exception>
    /// <exception cref="ArgumentException"><paramref name="requestOptions"/> is invalid.</exception>
    Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Fetches one page of customers with the client's settings; see <see cref="ListAsync(ListCustomersOptions?, OmsRequestOptions?, CancellationToken)"/>.</summary>
    /// <param name="options">Filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The page.</returns>
    Task<CustomerPage> ListAsync(ListCustomersOptions? options, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => ListAsync(options, null, cancellationToken)
#endif
        ;

    /// <summary>Fetches one page of customers and returns it with the call's details: the request id, the attempts, the headers.</summary>
    /// <param name="options">Filters, page size and cursor; <see langword="null"/> for the first page with OMS's defaults.</param>
    /// <param name="requestOptions">This call's settings (timeout, retries, <c>Idempotency-Key</c>, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The page and the call's details.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ListCustomersOptions.Limit"/> is outside 1 to 100.</exception>
    /// <exception cref="ArgumentException"><paramref name="requestOptions"/> is invalid.</exception>
    Task<OmsResponse<CustomerPage>> ListWithResponseAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every customer that matches, page by page. Lazy: the next page is fetched only when the caller
    /// reaches it, and only one page is held at a time.
    /// </summary>
    /// <param name="options">Filters and page size; a cursor starts the walk there.</param>
    /// <param name="requestOptions">Each page call's settings (timeout, retries, extra headers); <see langword="null"/> for the client's.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The customers, in the order OMS returns them.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ListCustomersOptions.Limit"/> is outside 1 to 100 (thrown at once).</exception>
    /// <exception cref="OmsUnexpectedResponseException">OMS returned a cursor it had returned before (the walk would never end).</exception>
    /// <example><code>
    /// await foreach (Customer c in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 100 }, ct))
    /// {
    ///     Console.WriteLine(c.Id);
    /// }
    /// </code></example>
    IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default);

    /// <summary>Streams every customer that matches with the client's settings; see <see cref="ListAllAsync(ListCustomersOptions?, OmsRequestOptions?, CancellationToken)"/>.</summary>
    /// <param name="options">Filters and page size; a cursor starts the walk there.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The customers, in the order OMS returns them.</returns>
    IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options, CancellationToken cancellationToken)
#if !NETFRAMEWORK
        => ListAllAsync(options, null, cancellationToken)
#endif
        ;
}
