using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Oms.Sdk.Benchmarks.Contenders.Generated.Kiota;
using Oms.Sdk.Benchmarks.Contenders.Generated.Kiota.Models;
using KiotaCustomer = Oms.Sdk.Benchmarks.Contenders.Generated.Kiota.Models.Customer;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// The Kiota contender: the client Kiota 1.38 generates from the contract, set up as Kiota's docs show. An
/// <see cref="HttpClientRequestAdapter"/> over Kiota's default middleware (<see cref="KiotaClientFactory.CreateDefaultHandlers"/>:
/// retry, redirect, parameter-name decoding, user agent, header inspection, ...) in front of the canned OMS, and
/// Kiota's <see cref="BaseBearerTokenAuthenticationProvider"/> over an <see cref="IAccessTokenProvider"/> that holds
/// the token from one exchange (a second, anonymous adapter over the same handlers calls <c>auth/token</c>). A fresh
/// <c>Idempotency-Key</c> per create goes in the request configuration (Kiota does not generate header parameters).
/// Kiota's retry handler retries 429 and 503 answers (never a dropped connection); no 401 replay, no timeouts.
/// </summary>
internal sealed class KiotaContender : IDisposable
{
    private readonly HttpClient _http;
    private readonly KiotaOmsClient _client;

    public KiotaContender(HttpMessageHandler transport, string apiKey, string apiSecret)
    {
        // The canned handler is shared with the other contenders: the client must not dispose it.
        _http = new HttpClient(KiotaClientFactory.ChainHandlersCollectionAndGetFirstLink(transport, [.. KiotaClientFactory.CreateDefaultHandlers()])!, disposeHandler: false);
        var tokens = new HeldToken(new KiotaOmsClient(Adapter(new AnonymousAuthenticationProvider(), _http)), apiKey, apiSecret);
        _client = new KiotaOmsClient(Adapter(new BaseBearerTokenAuthenticationProvider(tokens), _http));
    }

    /// <summary>The same customer as the SDK's request (<see cref="CustomerContenders.SdkCreateRequest"/>).</summary>
    public static CustomerCreateRequest CreateRequest { get; } = From(CustomerContenders.SdkCreateRequest);

    public Task<KiotaCustomer?> GetAsync(string customerId) => _client.Customers[customerId].GetAsync();

    public Task<KiotaCustomer?> CreateAsync(CustomerCreateRequest body) =>
        _client.Customers.PostAsync(body, static request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));

    public Task<CustomerList?> ListAsync(int limit, string? cursor) =>
        _client.Customers.GetAsync(request =>
        {
            request.QueryParameters.Limit = limit;
            request.QueryParameters.Cursor = cursor;
        });

    public void Dispose() => _http.Dispose();

    private static HttpClientRequestAdapter Adapter(IAuthenticationProvider authentication, HttpClient http) =>
        new(authentication, httpClient: http) { BaseUrl = CannedOmsHandler.BaseAddress.ToString().TrimEnd('/') };

    private static CustomerCreateRequest From(CreateCustomerRequest request)
    {
        var metadata = new Metadata();
        foreach (var (key, value) in request.Metadata ?? new Dictionary<string, string>())
        {
            metadata.AdditionalData[key] = value;
        }

        return new CustomerCreateRequest
        {
            Type = CustomerCreateRequest_type.Individual,
            FirstName = request.FirstName,
            LastName = request.LastName,
            Email = request.Email,
            Phone = request.Phone,
            Nationality = request.Nationality,
            ExternalId = request.ExternalId,
            SignedAgreement = request.SignedAgreement,
            Metadata = metadata,
        };
    }

    /// <summary>One token exchange, then the same token (as a completed task) for every request to the OMS host.</summary>
    private sealed class HeldToken(KiotaOmsClient anonymous, string apiKey, string apiSecret) : IAccessTokenProvider
    {
        private Task<string>? _token;

        public AllowedHostsValidator AllowedHostsValidator { get; } = new([CannedOmsHandler.BaseAddress.Host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            _token is { IsCompletedSuccessfully: true } token ? token : _token = ExchangeAsync(cancellationToken);

        private async Task<string> ExchangeAsync(CancellationToken cancellationToken)
        {
            var token = await anonymous.Auth.Token.PostAsync(new AuthTokenRequest { ApiKey = apiKey, ApiSecret = apiSecret }, cancellationToken: cancellationToken);
            return token?.AccessToken ?? throw new InvalidOperationException("no token");
        }
    }
}
