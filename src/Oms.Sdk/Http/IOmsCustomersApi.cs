using Refit;
using Oms.Sdk.Auth;

namespace Oms.Sdk.Http;

/// <summary>The OMS routes: the only place they are written. Refit generates the implementation at build time.</summary>
/// <remarks>Answers come back raw so the client can map errors and read bodies with the source-generated context.</remarks>
internal interface IOmsCustomersApi
{
    [Post("/customers")]
    Task<HttpResponseMessage> CreateCustomerAsync(
        [Body] CreateCustomerRequest request,
        [Header("Idempotency-Key")] string idempotencyKey,
        [Property("Oms.Sdk.Call")] OmsCallContext call,
        CancellationToken cancellationToken);

    [Get("/customers/{customerId}")]
    Task<HttpResponseMessage> GetCustomerAsync(
        string customerId,
        [Property("Oms.Sdk.Call")] OmsCallContext call,
        CancellationToken cancellationToken);

    [Patch("/customers/{customerId}")]
    Task<HttpResponseMessage> UpdateCustomerAsync(
        string customerId,
        [Body] UpdateCustomerRequest request,
        [Header("Idempotency-Key")] string idempotencyKey,
        [Property("Oms.Sdk.Call")] OmsCallContext call,
        CancellationToken cancellationToken);

    [Get("/customers")]
    Task<HttpResponseMessage> ListCustomersAsync(
        [AliasAs("limit")] int? limit,
        [AliasAs("cursor")] string? cursor,
        [AliasAs("status")] string? status,
        [AliasAs("email")] string? email,
        [AliasAs("externalId")] string? externalId,
        [AliasAs("createdAfter")] string? createdAfter,
        [AliasAs("createdBefore")] string? createdBefore,
        [Property("Oms.Sdk.Call")] OmsCallContext call,
        CancellationToken cancellationToken);
}

/// <summary>The token exchange route. Sent below the bearer handler, so it never carries a bearer header.</summary>
internal interface IOmsAuthApi
{
    [Post("/auth/token")]
    Task<HttpResponseMessage> IssueTokenAsync([Body] TokenRequest request, [Property("Oms.Sdk.Call")] OmsCallContext call, CancellationToken cancellationToken);
}
