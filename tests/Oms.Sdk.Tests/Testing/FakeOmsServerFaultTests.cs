using System.Net;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>Fault injection in front of the endpoints (FakeOmsServer.Faults.cs), driven through the real client.</summary>
public sealed class FakeOmsServerFaultTests
{
    [Fact]
    public async Task FailNext_answers_the_status_and_the_sdk_retries_the_create_with_the_same_key()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        oms.FailNext(2, HttpStatusCode.ServiceUnavailable);

        var created = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Equal(3, created.Attempts);
        var creates = oms.Requests.Where(r => r.Path == CustomersPath).ToList();
        Assert.Equal(3, creates.Count);
        Assert.All(creates, r => Assert.Equal(created.IdempotencyKey, r.IdempotencyKey));
        Assert.Single(oms.Customers);
        Assert.Equal(1, oms.RequestCount(HttpMethod.Post, TokenPath)); // the token exchange is not hit by default
    }

    [Fact]
    public async Task FailNext_sends_a_given_body_and_can_be_scoped_to_a_method()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.Resilience.MaxRetries = 0);
        oms.FailNext(1, HttpStatusCode.Forbidden, """{"error":{"code":"forbidden","message":"Key lacks scope."}}""", method: HttpMethod.Get);

        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<OmsApiException>(() => client.Customers.GetAsync(created.Id, Ct));
        var fetched = await client.Customers.GetAsync(created.Id, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(("forbidden", "Key lacks scope."), (error.ErrorCode, error.ErrorMessage));
        Assert.Equal(created.Id, fetched.Id);
    }

    [Fact]
    public async Task A_fault_scoped_to_the_token_path_breaks_the_token_exchange()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        oms.FailNext(1, HttpStatusCode.InternalServerError, pathPrefix: TokenPath);

        await client.Customers.ListAsync(cancellationToken: Ct);

        Assert.Equal(2, oms.RequestCount(HttpMethod.Post, TokenPath));
        Assert.Equal(1, oms.RequestCount(HttpMethod.Get, CustomersPath));
    }

    [Fact]
    public async Task A_dropped_token_exchange_is_retried()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        oms.DropConnectionNext(1, pathPrefix: TokenPath);

        var thrown = await Record.ExceptionAsync(() => client.Customers.ListAsync(cancellationToken: Ct));

        Assert.InRange(oms.RequestCount(HttpMethod.Post, TokenPath), 1, 3);
        SkipIfRefitWrapped(thrown, "a retried token exchange");
        Assert.Null(thrown);
        Assert.Equal(1, oms.RequestCount(HttpMethod.Get, CustomersPath));
    }

    [Fact]
    public async Task RateLimitNext_sends_429_with_retry_after()
    {
        await using var oms = FakeOmsServer.Start();
        using var patient = Client(oms);
        using var hurried = Client(oms, o => o.Resilience = o.Resilience with { AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(10) });

        oms.RateLimitNext(1, TimeSpan.Zero);
        await patient.Customers.ListAsync(cancellationToken: Ct);
        oms.RateLimitNext(1, TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<OmsRateLimitedException>(() => hurried.Customers.ListAsync(cancellationToken: Ct));

        Assert.Equal(3, oms.RequestCount(HttpMethod.Get, CustomersPath)); // refused and retried, then refused for good
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal("rate_limited", error.ErrorCode);
    }

    [Fact]
    public async Task DelayNext_holds_a_request_long_enough_for_the_attempt_timeout_and_the_retry_succeeds()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.Resilience = o.Resilience with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
        oms.DelayNext(1, TimeSpan.FromSeconds(30), method: HttpMethod.Get);

        var started = TimeProvider.System.GetTimestamp();
        var fetched = await client.Customers.GetAsync(created.Id, Ct);

        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(2, oms.RequestCount(HttpMethod.Get, CustomersPath + "/" + created.Id));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DelayNext_on_every_attempt_ends_the_call_in_a_timeout()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.Resilience = o.Resilience with { MaxRetries = 1, AttemptTimeout = TimeSpan.FromMilliseconds(200) });
        await client.Customers.ListAsync(cancellationToken: Ct);
        oms.DelayNext(2, TimeSpan.FromSeconds(30));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.Customers.ListAsync(cancellationToken: Ct));

        Assert.Equal(3, oms.RequestCount(HttpMethod.Get, CustomersPath));
        AssertSdkRaised<OmsTimeoutException>(thrown);
    }

    [Fact]
    public async Task DropConnectionNext_closes_the_connection_without_storing_anything()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.Resilience.MaxRetries = 0);
        oms.DropConnectionNext(3, method: HttpMethod.Post);

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct));

        Assert.Empty(oms.Customers);
        Assert.InRange(oms.RequestCount(HttpMethod.Post, CustomersPath), 1, 2); // SocketsHttpHandler may resend once on a reused connection
        AssertSdkRaised<OmsConnectionException>(thrown);
    }

    [Fact]
    public async Task The_sdk_retries_through_a_dropped_connection()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        oms.DropConnectionNext(1);

        await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Single(oms.Customers);
        Assert.Equal(2, oms.RequestCount(HttpMethod.Post, CustomersPath));
    }

    [Fact]
    public async Task A_create_dropped_after_it_was_stored_is_retried_with_the_same_key_into_the_same_customer()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms);
        oms.DropConnectionAfterCreateNext(1);

        var created = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest { Email = "jane@example.com" }, cancellationToken: Ct);

        Assert.Equal(created.Value.Id, Assert.Single(oms.Customers).Id);
        var creates = oms.Requests.Where(r => r.Path == CustomersPath).ToList();
        Assert.Equal(2, creates.Count);
        Assert.All(creates, r => Assert.Equal(created.IdempotencyKey, r.IdempotencyKey));
    }

    [Fact]
    public async Task ClearFaults_forgets_unused_faults()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = Client(oms, o => o.Resilience.MaxRetries = 0);
        oms.FailNext(5, HttpStatusCode.InternalServerError);

        oms.ClearFaults();
        await client.Customers.ListAsync(cancellationToken: Ct);

        Assert.Equal(1, oms.RequestCount(HttpMethod.Get, CustomersPath));
    }
}
