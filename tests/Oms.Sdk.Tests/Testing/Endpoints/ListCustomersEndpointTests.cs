using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing.Endpoints;

/// <summary>GET /customers: filters, pages and cursors.</summary>
public sealed class ListCustomersEndpointTests
{
    [Fact]
    public async Task ListAll_walks_every_page_in_creation_order()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct)).Id);
        }

        var listed = await client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 3 }, Ct).Select(c => c.Id).ToListAsync(Ct);

        Assert.Equal(ids, listed);
        Assert.Equal(3, oms.RequestCount(HttpMethod.Get, CustomersPath));
    }

    [Fact]
    public async Task List_filters_by_status_email_external_id_and_created_range()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time });
        using var client = Client(oms);
        var january = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "a@example.com", ExternalId = "u1" }, cancellationToken: Ct);
        time.Advance(TimeSpan.FromDays(31));
        var february = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "b@example.com", ExternalId = "u2" }, cancellationToken: Ct);
        time.Advance(TimeSpan.FromDays(28));
        var march = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "a@example.com", ExternalId = "u3" }, cancellationToken: Ct);
        oms.SetCustomerStatus(march.Id, CustomerStatus.Inactive);

        async Task<string[]> Ids(ListCustomersOptions options) => [.. (await client.Customers.ListAsync(options, Ct)).Items.Select(c => c.Id)];

        Assert.Equal([january.Id, march.Id], await Ids(new() { Email = "a@example.com" }));
        Assert.Equal([february.Id], await Ids(new() { ExternalId = "u2" }));
        Assert.Equal([march.Id], await Ids(new() { Status = CustomerStatus.Inactive }));
        Assert.Equal([january.Id, february.Id], await Ids(new() { Status = CustomerStatus.Active }));
        Assert.Equal([february.Id], await Ids(new() { CreatedAfter = january.CreatedAt, CreatedBefore = march.CreatedAt }));
        Assert.Equal([march.Id], await Ids(new() { Email = "a@example.com", CreatedAfter = february.CreatedAt }));
    }

    [Fact]
    public async Task List_pages_ten_by_default_and_refuses_bad_limits_and_unknown_cursors()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        for (var i = 0; i < 11; i++)
        {
            await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
        }

        using var http = await AuthorizedHttpAsync(oms);
        var first = JsonDocument.Parse(await http.GetStringAsync("customers", Ct)).RootElement;
        var cursor = first.GetProperty("cursor").GetString();
        var last = JsonDocument.Parse(await http.GetStringAsync("customers?cursor=" + Uri.EscapeDataString(cursor!), Ct)).RootElement;

        Assert.Equal(10, first.GetProperty("data").GetArrayLength());
        Assert.True(first.GetProperty("hasMore").GetBoolean());
        Assert.Equal(1, last.GetProperty("data").GetArrayLength());
        Assert.False(last.GetProperty("hasMore").GetBoolean());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("cursor").ValueKind);
        foreach (var query in new[] { "limit=0", "limit=101", "limit=ten", "cursor=not-a-cursor", "status=gone", "createdAfter=yesterday" })
        {
            using var refused = await http.GetAsync("customers?" + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }
}
