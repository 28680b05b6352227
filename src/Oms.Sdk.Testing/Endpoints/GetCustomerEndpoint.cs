using System.Net;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary><c>GET /customers/{customerId}</c>: the customer with exactly that id, or 404.</summary>
internal sealed class GetCustomerEndpoint(CustomerBook book) : IFakeOmsEndpoint
{
    public FakeOmsReply Handle(FakeOmsCall call) =>
        CustomerRequests.ItemId(call, out var shown) is { } id && book.Find(id) is { } customer
            ? FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Customer(customer))
            : CustomerRequests.NotFound(shown);
}
