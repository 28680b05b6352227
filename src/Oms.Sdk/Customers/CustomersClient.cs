using System.Runtime.CompilerServices;
using Oms.Sdk.Engine;
using Oms.Sdk.Errors;
using Oms.Sdk.Http;

namespace Oms.Sdk.Customers;

/// <summary>The Customers resource: checks the caller's input, then runs the operation's descriptor on the call engine.</summary>
internal sealed class CustomersClient(IOmsCustomersApi api, OmsCallEngine engine, TimeProvider timeProvider, OmsEndorsementSignals? signals) : ICustomersClient
{
    private static readonly OmsWaitOptions DefaultWait = new();

    public Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.Validate(request);
        return engine.SendAsync(api, CustomerOperations.Create, request, idempotencyKey, requestOptions, cancellationToken);
    }

    public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.Validate(request);
        return engine.SendWithResponseAsync(api, CustomerOperations.Create, request, idempotencyKey, requestOptions, cancellationToken);
    }

    public Task<Customer> GetAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        return engine.SendAsync(api, CustomerOperations.Get, customerId, idempotencyKey: null, requestOptions, cancellationToken);
    }

    public Task<Customer> WaitForEndorsementAsync(string customerId, Endorsement endorsement, OmsWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        if (endorsement is not (Endorsement.Basic or Endorsement.CryptoCustody or Endorsement.Usd))
        {
            throw new ArgumentOutOfRangeException(nameof(endorsement), endorsement, "The endorsement to wait for must be Basic, CryptoCustody or Usd.");
        }

        options ??= DefaultWait;
        options.Validate();
        return new EndorsementWait((id, ct) => GetAsync(id, requestOptions: null, ct), timeProvider, signals).RunAsync(customerId, endorsement, options, cancellationToken);
    }

    public Task<OmsResponse<Customer>> GetWithResponseAsync(string customerId, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        return engine.SendWithResponseAsync(api, CustomerOperations.Get, customerId, idempotencyKey: null, requestOptions, cancellationToken);
    }

    public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        CustomerArguments.Validate(request);
        return engine.SendAsync(api, CustomerOperations.Update, (customerId, request), idempotencyKey, requestOptions, cancellationToken);
    }

    public Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        CustomerArguments.Validate(request);
        return engine.SendWithResponseAsync(api, CustomerOperations.Update, (customerId, request), idempotencyKey, requestOptions, cancellationToken);
    }

    public Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        CustomerArguments.ValidateLimit(options.Limit);
        return engine.SendAsync(api, CustomerOperations.List, options, idempotencyKey: null, requestOptions, cancellationToken);
    }

    public Task<OmsResponse<CustomerPage>> ListWithResponseAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        CustomerArguments.ValidateLimit(options.Limit);
        return engine.SendWithResponseAsync(api, CustomerOperations.List, options, idempotencyKey: null, requestOptions, cancellationToken);
    }

    public IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, OmsRequestOptions? requestOptions = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        CustomerArguments.ValidateLimit(options.Limit);
        OmsRequestOptionsValidator.Validate(requestOptions, idempotencyKey: null);
        return Walk(options, requestOptions, cancellationToken);
    }

    // The client's-settings overloads: default interface methods on .NET 8+, written here so that .NET Framework, which
    // runs no default interface methods, has them too (the same one line on every target).
    public Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        CreateAsync(request, idempotencyKey, null, cancellationToken);

    public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        CreateWithResponseAsync(request, idempotencyKey, null, cancellationToken);

    public Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken) => GetAsync(customerId, null, cancellationToken);

    public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        UpdateAsync(customerId, request, idempotencyKey, null, cancellationToken);

    public Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        UpdateWithResponseAsync(customerId, request, idempotencyKey, null, cancellationToken);

    public Task<CustomerPage> ListAsync(ListCustomersOptions? options, CancellationToken cancellationToken) => ListAsync(options, null, cancellationToken);

    public IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options, CancellationToken cancellationToken) => ListAllAsync(options, null, cancellationToken);

    private async IAsyncEnumerable<Customer> Walk(ListCustomersOptions options, OmsRequestOptions? requestOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (options.Cursor is { } start)
        {
            seen.Add(start);
        }

        var next = options;
        while (true)
        {
            var page = await ListAsync(next, requestOptions, cancellationToken).ConfigureAwait(false);
            foreach (var customer in page.Items)
            {
                yield return customer;
            }

            if (page.NextCursor is not { } cursor)
            {
                yield break;
            }

            if (!seen.Add(cursor))
            {
                throw engine.Fail(CustomerOperations.List, OmsFailure.RepeatedCursor(cursor, seen.Count));
            }

            next = options with { Cursor = cursor };
        }
    }
}
