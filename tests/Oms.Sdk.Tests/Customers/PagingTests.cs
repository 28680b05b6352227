using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>ListAllAsync walks pages lazily, one at a time, and refuses to loop on a repeated cursor.</summary>
public sealed class PagingTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    private void GivenPage(string? cursor, string body)
    {
        var request = Request.Create().WithPath("/v0.9/customers").UsingGet();
        request = cursor is null ? request.WithParam("cursor", matchBehaviour: WireMock.Matchers.MatchBehaviour.RejectOnMatch) : request.WithParam("cursor", cursor);
        _oms.Server.Given(request).RespondWith(OmsWireMock.Json(HttpStatusCode.OK, body));
    }

    private void GivenThreePages()
    {
        GivenPage(null, WireSamples.Page(true, "c2", "cst_1", "cst_2"));
        GivenPage("c2", WireSamples.Page(true, "c3", "cst_3", "cst_4"));
        GivenPage("c3", WireSamples.Page(false, null, "cst_5"));
    }

    [Fact]
    public async Task ListAll_walks_three_pages_in_order_passing_limit_and_filters_on()
    {
        GivenThreePages();
        using var client = _oms.Client();

        var ids = new List<string>();
        await foreach (var customer in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2, Status = CustomerStatus.Active }, _ct))
        {
            ids.Add(customer.Id);
        }

        Assert.Equal(["cst_1", "cst_2", "cst_3", "cst_4", "cst_5"], ids);
        var requests = _oms.Requests("/customers").ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("2", r.RequestMessage!.Query!["limit"].Single()));
        Assert.All(requests, r => Assert.Equal("active", r.RequestMessage!.Query!["status"].Single()));
        Assert.Equal([null, "c2", "c3"], requests.Select(r => r.RequestMessage!.Query!.TryGetValue("cursor", out var c) ? c.Single() : null));
    }

    [Fact]
    public async Task ListAll_fetches_the_next_page_only_when_the_caller_reaches_it()
    {
        GivenThreePages();
        using var client = _oms.Client();

        var enumerable = client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }, _ct);
        Assert.Empty(_oms.Requests("/customers"));

        await using var enumerator = enumerable.GetAsyncEnumerator(_ct);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("cst_2", enumerator.Current.Id);
        Assert.Single(_oms.Requests("/customers"));

        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("cst_3", enumerator.Current.Id);
        Assert.Equal(2, _oms.Requests("/customers").Count());
    }

    [Fact]
    public async Task A_repeated_cursor_is_an_error_not_a_loop()
    {
        GivenPage(null, WireSamples.Page(true, "c2", "cst_1"));
        GivenPage("c2", WireSamples.Page(true, "c3", "cst_2"));
        GivenPage("c3", WireSamples.Page(true, "c2", "cst_3"));
        using var client = _oms.Client();

        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(async () =>
        {
            await foreach (var customer in client.Customers.ListAllAsync(cancellationToken: _ct))
            {
                seen.Add(customer.Id);
            }
        });

        Assert.Equal(["cst_1", "cst_2", "cst_3"], seen);
        Assert.Contains("c2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _oms.Requests("/customers").Count());
    }

    [Fact]
    public async Task ListAll_honours_cancellation_between_pages()
    {
        GivenThreePages();
        using var client = _oms.Client();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);

        var seen = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var customer in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }, cts.Token))
            {
                seen.Add(customer.Id);
                if (seen.Count == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(["cst_1", "cst_2"], seen);
        Assert.Single(_oms.Requests("/customers"));
    }

    [Fact]
    public async Task A_page_with_has_more_false_ends_the_walk_even_with_a_cursor()
    {
        GivenPage(null, """{"data":[{"id":"cst_1"}],"hasMore":false,"cursor":"c2"}""");
        using var client = _oms.Client();

        var ids = new List<string>();
        await foreach (var customer in client.Customers.ListAllAsync(cancellationToken: _ct))
        {
            ids.Add(customer.Id);
        }

        Assert.Equal(["cst_1"], ids);
        Assert.Single(_oms.Requests("/customers"));
    }
}
