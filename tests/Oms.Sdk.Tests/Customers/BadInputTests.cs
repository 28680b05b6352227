using System.Net;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>Bad input is refused before any request, and odd ids stay one escaped path segment.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly OmsWireMock _oms = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public void Dispose() => _oms.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task Get_refuses_blank_and_dot_ids_before_any_request(string? id)
    {
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.Customers.GetAsync(id!, _ct));

        Assert.Equal("customerId", ex.ParamName);
        Assert.Empty(_oms.Server.LogEntries);
    }

    [Theory]
    [InlineData("../admin", "..%2Fadmin")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?x=1", "a%3Fx%3D1")]
    [InlineData("%2e%2e", "%252e%252e")]
    [InlineData("cst_ü", "cst_%C3%BC")]
    [InlineData("a#frag", "a%23frag")]
    [InlineData("a b", "a%20b")]
    [InlineData("a\\b", "a%5Cb")]
    public async Task Odd_ids_are_sent_as_exactly_one_escaped_segment(string id, string expectedSegment)
    {
        var handler = CapturingHandler.WithToken(_ => CapturingHandler.Json(HttpStatusCode.NotFound, "{}"));
        using var client = new OmsClient(_oms.Options(), handler);

        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync(id, _ct));

        var sent = handler.Uris.Last();
        Assert.Equal(_oms.BaseAddress + "/customers/" + expectedSegment, sent.AbsoluteUri);
        Assert.Equal("/v0.9/customers/" + expectedSegment, sent.AbsolutePath);
        Assert.Equal(string.Empty, sent.Query);
        Assert.Equal(string.Empty, sent.Fragment);
    }

    [Fact]
    public async Task Create_refuses_null_before_any_request()
    {
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<ArgumentNullException>(() => client.Customers.CreateAsync(null!, cancellationToken: _ct));

        Assert.Equal("request", ex.ParamName);
        Assert.Empty(_oms.Server.LogEntries);
    }

    public static TheoryData<CreateCustomerRequest> UnsendableRequests => new()
    {
        new CreateCustomerRequest { Type = CustomerType.Unknown },
        new CreateCustomerRequest { Endorsements = [Endorsement.Usd, Endorsement.Unknown] },
        new CreateCustomerRequest { IdentifyingInformation = [new IdentifyingDocument { Number = "1" }] },
    };

    [Theory]
    [MemberData(nameof(UnsendableRequests))]
    public async Task Create_refuses_unknown_enum_values(CreateCustomerRequest request)
    {
        using var client = _oms.Client();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.CreateAsync(request, cancellationToken: _ct));

        Assert.Contains("CreateCustomerRequest.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_oms.Server.LogEntries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("has space")]
    [InlineData("ключ")]
    [InlineData("line\nbreak")]
    public async Task Create_refuses_unusable_idempotency_keys(string key)
    {
        using var client = _oms.Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), key, _ct));

        Assert.Empty(_oms.Server.LogEntries);
    }

    [Fact]
    public async Task Create_refuses_an_overlong_idempotency_key()
    {
        using var client = _oms.Client();

        await Assert.ThrowsAsync<ArgumentException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), new string('k', 256), _ct));

        Assert.Empty(_oms.Server.LogEntries);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public async Task Limit_outside_1_to_100_is_refused_by_list_and_at_once_by_list_all(int limit)
    {
        using var client = _oms.Client();
        var options = new ListCustomersOptions { Limit = limit };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Customers.ListAsync(options, _ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Customers.ListAllAsync(options, _ct));

        Assert.Empty(_oms.Server.LogEntries);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Limit_at_the_bounds_is_sent(int limit)
    {
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Page(false, null)));
        using var client = _oms.Client();

        await client.Customers.ListAsync(new ListCustomersOptions { Limit = limit }, _ct);

        Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(_oms.Requests("/customers")).RequestMessage!.Query!["limit"].Single());
    }
}
