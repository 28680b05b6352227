using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The floor: what a careful hand-written client must do for the same calls, and nothing more. One cached token,
/// a bearer header and (on a create) an Idempotency-Key per request, source-generated JSON, a status check.
/// No retries, no timeouts, no error mapping.
/// </summary>
public sealed class FloorClient(HttpClient http, string apiKey, string apiSecret)
{
    private string? _token;

    public async Task<CustomerDto> GetAsync(string customerId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "customers/" + Uri.EscapeDataString(customerId));
        return await SendAsync(request, FloorJsonContext.Default.CustomerDto, cancellationToken);
    }

    public async Task<CustomerDto> CreateAsync(CreateCustomerDto body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "customers")
        {
            Content = JsonContent.Create(body, FloorJsonContext.Default.CreateCustomerDto),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await SendAsync(request, FloorJsonContext.Default.CustomerDto, cancellationToken);
    }

    public async Task<CustomerPageDto> ListAsync(int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var uri = cursor is null ? $"customers?limit={limit}" : $"customers?limit={limit}&cursor={Uri.EscapeDataString(cursor)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendAsync(request, FloorJsonContext.Default.CustomerPageDto, cancellationToken);
    }

    public IAsyncEnumerable<CustomerDto> ListAllAsync(int limit, CancellationToken cancellationToken = default) =>
        CustomerPageDto.WalkAsync(cursor => ListAsync(limit, cursor, cancellationToken), cancellationToken);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token ?? await ExchangeAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken) ?? throw new InvalidOperationException("empty body");
    }

    private async Task<string> ExchangeAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            "auth/token", new TokenRequestDto { ApiKey = apiKey, ApiSecret = apiSecret }, FloorJsonContext.Default.TokenRequestDto, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync(FloorJsonContext.Default.TokenResponseDto, cancellationToken);
        return _token = token?.AccessToken ?? throw new InvalidOperationException("no token");
    }
}
