namespace Oms.Sdk;

/// <summary>The OMS Customers resource: create, retrieve, update and list customers. Thread-safe.</summary>
public interface ICustomersClient
{
    /// <summary>Creates a customer (<c>POST /customers</c>). Safe to retry: every attempt sends the same <c>Idempotency-Key</c>.</summary>
    /// <param name="request">The customer to create; <c>new CreateCustomerRequest()</c> is the minimal valid one.</param>
    /// <param name="idempotencyKey">
    /// The key that makes this create idempotent; <see langword="null"/> generates a UUID. Pass your own (for example your
    /// user id plus an attempt number) to make a create safe across process restarts.
    /// </param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The request holds an <c>Unknown</c> enum value, or the key is empty, too long or not printable ASCII.</exception>
    /// <exception cref="OmsValidationException">OMS rejected the content (400/422).</exception>
    /// <exception cref="OmsConflictException">The key was used before with a different body (409).</exception>
    /// <exception cref="OmsException">Any other failure; see the subclasses.</exception>
    Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a customer and returns it with the call's details: the idempotency key sent, the request id, the attempts.</summary>
    /// <param name="request">The customer to create.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The created customer and the call's details.</returns>
    Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Retrieves a customer (<c>GET /customers/{customerId}</c>).</summary>
    /// <param name="customerId">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>. Sent as one escaped path segment.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The customer.</returns>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null, empty, white space, <c>.</c> or <c>..</c>.</exception>
    /// <exception cref="OmsNotFoundException">No such customer.</exception>
    Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken = default);

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
    Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a customer and returns it with the call's details: the idempotency key sent, the request id, the attempts.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="request">The changes; at least one property must be assigned.</param>
    /// <param name="idempotencyKey">The idempotency key; <see langword="null"/> generates one.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The updated customer and the call's details.</returns>
    Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Fetches one page of customers (<c>GET /customers</c>).</summary>
    /// <param name="options">Filters, page size and cursor; <see langword="null"/> for the first page with OMS's defaults.</param>
    /// <param name="cancellationToken">Cancels the call, waits included.</param>
    /// <returns>The page; pass <see cref="CustomerPage.NextCursor"/> as <see cref="ListCustomersOptions.Cursor"/> for the next one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ListCustomersOptions.Limit"/> is outside 1 to 100.</exception>
    Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every customer that matches, page by page. Lazy: the next page is fetched only when the caller
    /// reaches it, and only one page is held at a time.
    /// </summary>
    /// <param name="options">Filters and page size; a cursor starts the walk there.</param>
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
    IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default);
}
