using System.Net;
using System.Runtime.CompilerServices;
using Oms.Sdk.Engine;
using Oms.Sdk.Http;

namespace Oms.Sdk.Customers;

/// <summary>The Customers resource: checks the caller's input, then runs the operation's descriptor on the call engine.</summary>
internal sealed class CustomersClient(IOmsCustomersApi api, OmsCallEngine engine, TimeProvider timeProvider, OmsEndorsementSignals? signals) : ICustomersClient
{
    private static readonly OmsWaitOptions DefaultWait = new();

    public Task<Customer> CreateAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.Validate(request);
        return engine.SendAsync(api, CustomerOperations.Create, request, idempotencyKey, cancellationToken);
    }

    public Task<OmsResponse<Customer>> CreateWithResponseAsync(CreateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.Validate(request);
        return engine.SendWithResponseAsync(api, CustomerOperations.Create, request, idempotencyKey, cancellationToken);
    }

    public Task<Customer> GetAsync(string customerId, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        return engine.SendAsync(api, CustomerOperations.Get, customerId, idempotencyKey: null, cancellationToken);
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
        return new EndorsementWait(GetAsync, timeProvider, signals).RunAsync(customerId, endorsement, options, cancellationToken);
    }

    public Task<Customer> UpdateAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        CustomerArguments.Validate(request);
        return engine.SendAsync(api, CustomerOperations.Update, (customerId, request), idempotencyKey, cancellationToken);
    }

    public Task<OmsResponse<Customer>> UpdateWithResponseAsync(string customerId, UpdateCustomerRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        CustomerArguments.ValidateCustomerId(customerId);
        CustomerArguments.Validate(request);
        return engine.SendWithResponseAsync(api, CustomerOperations.Update, (customerId, request), idempotencyKey, cancellationToken);
    }

    public Task<CustomerPage> ListAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        CustomerArguments.ValidateLimit(options.Limit);
        return engine.SendAsync(api, CustomerOperations.List, options, idempotencyKey: null, cancellationToken);
    }

    public IAsyncEnumerable<Customer> ListAllAsync(ListCustomersOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListCustomersOptions();
        CustomerArguments.ValidateLimit(options.Limit);
        return Walk(options, cancellationToken);
    }

    private async IAsyncEnumerable<Customer> Walk(ListCustomersOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (options.Cursor is { } start)
        {
            seen.Add(start);
        }

        var next = options;
        while (true)
        {
            var page = await ListAsync(next, cancellationToken).ConfigureAwait(false);
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
                throw new OmsUnexpectedResponseException(
                    $"OMS returned a page cursor it had already returned ({seen.Count} pages read); listing stopped rather than loop forever. Report this to OMS with the cursor '{cursor}'.",
                    null)
                { Operation = CustomerOperations.List.Name, StatusCode = HttpStatusCode.OK };
            }

            next = options with { Cursor = cursor };
        }
    }
}
