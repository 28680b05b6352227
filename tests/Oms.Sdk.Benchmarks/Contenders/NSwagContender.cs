using Oms.Sdk.Benchmarks.Contenders.Generated.NSwag;
using NSwagCustomer = Oms.Sdk.Benchmarks.Contenders.Generated.NSwag.Customer;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The NSwag contender: the client NSwag 14.8 generates from the contract (System.Text.Json with reflection, the body
/// read from the response stream), used as its docs show: an injected <see cref="HttpClient"/>, the token from the
/// generated <c>IssueTokenAsync</c> held and sent by the client's <c>PrepareRequest</c> hook, a fresh
/// <c>Idempotency-Key</c> per create (a parameter of the generated method). Like the floor: no retries, no timeouts,
/// no 401 replay; a non-2xx answer is NSwag's <c>ApiException</c>.
/// </summary>
internal sealed class NSwagContender(HttpClient http, string apiKey, string apiSecret)
{
    private readonly NSwagOmsClient _client = new(http);

    /// <summary>The same customer as the SDK's request (<see cref="CustomerContenders.SdkCreateRequest"/>).</summary>
    public static CustomerCreateRequest CreateRequest { get; } = From(CustomerContenders.SdkCreateRequest);

    public Task<NSwagCustomer> GetAsync(string customerId) =>
        _client.BearerToken is null ? WithTokenAsync(() => _client.GetCustomerAsync(customerId)) : _client.GetCustomerAsync(customerId);

    public Task<NSwagCustomer> CreateAsync(CustomerCreateRequest body) =>
        _client.BearerToken is null
            ? WithTokenAsync(() => _client.CreateCustomerAsync(Guid.NewGuid().ToString(), body))
            : _client.CreateCustomerAsync(Guid.NewGuid().ToString(), body);

    public Task<CustomerList> ListAsync(int limit, string? cursor) =>
        _client.BearerToken is null ? WithTokenAsync(() => _client.ListCustomersAsync(limit, cursor)) : _client.ListCustomersAsync(limit, cursor);

    private async Task<T> WithTokenAsync<T>(Func<Task<T>> call)
    {
        var token = await _client.IssueTokenAsync(new AuthTokenRequest { ApiKey = apiKey, ApiSecret = apiSecret });
        _client.BearerToken = token.AccessToken;
        return await call();
    }

    private static CustomerCreateRequest From(CreateCustomerRequest request)
    {
        var metadata = new Metadata();
        foreach (var (key, value) in request.Metadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        return new CustomerCreateRequest
        {
            Type = CustomerCreateRequestType.Individual,
            FirstName = request.FirstName!,
            LastName = request.LastName!,
            Email = request.Email!,
            Phone = request.Phone!,
            Nationality = request.Nationality!,
            ExternalId = request.ExternalId!,
            SignedAgreement = request.SignedAgreement,
            Metadata = metadata,
        };
    }
}
