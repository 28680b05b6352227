using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing.Endpoints;

/// <summary>GET /customers/{customerId}.</summary>
public sealed class GetCustomerEndpointTests
{
    [Fact]
    public async Task Get_finds_a_customer_by_its_exact_id_only()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var fetched = await client.Customers.GetAsync(created.Id, Ct);
        var unknown = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_doesnotexist", Ct));
        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync(created.Id + "x", Ct));
        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync(created.Id + "/", Ct));

        AssertSameCustomer(created, fetched);
        Assert.Equal("not_found", unknown.ErrorCode);
        Assert.Contains(oms.Requests, r => r.Path == CustomersPath + "/" + created.Id + "%2F"); // one escaped segment
    }
}
