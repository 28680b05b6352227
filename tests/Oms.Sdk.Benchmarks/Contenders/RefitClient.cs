using Refit;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The Refit contender: a plain interface, <c>RestService.For</c> with default settings, so JSON goes through
/// Refit's default <see cref="SystemTextJsonContentSerializer"/> (reflection-based System.Text.Json).
/// </summary>
public interface IRefitOmsApi
{
    [Post("/auth/token")]
    Task<TokenResponseDto> IssueTokenAsync([Body] TokenRequestDto request, CancellationToken cancellationToken);

    [Get("/customers/{customerId}")]
    Task<CustomerDto> GetCustomerAsync(string customerId, [Authorize] string token, CancellationToken cancellationToken);

    [Post("/customers")]
    Task<CustomerDto> CreateCustomerAsync([Body] CreateCustomerDto request, [Header("Idempotency-Key")] string idempotencyKey, [Authorize] string token, CancellationToken cancellationToken);

    [Get("/customers")]
    Task<CustomerPageDto> ListCustomersAsync([AliasAs("limit")] int limit, [AliasAs("cursor")] string? cursor, [Authorize] string token, CancellationToken cancellationToken);
}

/// <summary>The token caching and paging a Refit user writes around the interface; the same as the floor's.</summary>
public sealed class RefitClient(IRefitOmsApi api, string apiKey, string apiSecret)
{
    private string? _token;

    public async Task<CustomerDto> GetAsync(string customerId, CancellationToken cancellationToken = default) =>
        await api.GetCustomerAsync(customerId, await TokenAsync(cancellationToken), cancellationToken);

    public async Task<CustomerDto> CreateAsync(CreateCustomerDto body, CancellationToken cancellationToken = default) =>
        await api.CreateCustomerAsync(body, Guid.NewGuid().ToString(), await TokenAsync(cancellationToken), cancellationToken);

    public async Task<CustomerPageDto> ListAsync(int limit, string? cursor, CancellationToken cancellationToken = default) =>
        await api.ListCustomersAsync(limit, cursor, await TokenAsync(cancellationToken), cancellationToken);

    public IAsyncEnumerable<CustomerDto> ListAllAsync(int limit, CancellationToken cancellationToken = default) =>
        CustomerPageDto.WalkAsync(cursor => ListAsync(limit, cursor, cancellationToken), cancellationToken);

    private async ValueTask<string> TokenAsync(CancellationToken cancellationToken) =>
        _token ??= (await api.IssueTokenAsync(new TokenRequestDto { ApiKey = apiKey, ApiSecret = apiSecret }, cancellationToken)).AccessToken!;
}
