using System.Collections.Concurrent;
using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Resilience;

/// <summary>Retried creates never duplicate a customer: proven against the stateful fake OMS over real HTTP.</summary>
public sealed class NoDuplicatesTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_create_whose_answer_is_lost_twice_returns_the_customer_made_the_first_time()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = FakeOmsClients.For(oms);
        oms.DropConnectionAfterCreateNext(2);

        var customer = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest { Email = "jane@example.com" }, cancellationToken: _ct);

        var stored = Assert.Single(oms.Customers);
        Assert.Equal(stored.Id, customer.Value.Id);
        Assert.Equal(3, customer.Attempts);
        var posts = oms.Requests.Where(r => r.Method == HttpMethod.Post && r.Path == "/customers").ToList();
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.IdempotencyKey).Distinct());
        Assert.Equal(customer.IdempotencyKey, posts[0].IdempotencyKey);
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_through_thirty_percent_transient_faults_make_exactly_two_hundred_customers()
    {
        await using var oms = FakeOmsServer.Start();
        using var client = FakeOmsClients.For(oms, o => o.Resilience.MaxRetries = 10);
        await client.Customers.ListAsync(cancellationToken: _ct); // one token exchange before the storm
        oms.InjectRandomFaults(0.3);

        var failures = new ConcurrentBag<Exception>();
        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            try
            {
                return await client.Customers.CreateWithResponseAsync(
                    new CreateCustomerRequest { Email = $"user{i}@example.com", ExternalId = $"usr_{i}" }, cancellationToken: _ct);
            }
            catch (OmsException ex)
            {
                failures.Add(ex);
                return null;
            }
        }));

        Assert.Empty(failures);
        Assert.Equal(200, oms.Customers.Count);
        Assert.Equal(200, oms.Customers.Select(c => c.Email).Distinct().Count());
        Assert.Equal(
            created.Select(c => c!.Value.Id).Order(),
            oms.Customers.Select(c => c.Id).Order());

        var posts = oms.Requests.Count(r => r.Method == HttpMethod.Post && r.Path == "/customers");
        var retried = created.Count(c => c!.Attempts > 1);
        Assert.InRange(posts, 240, 400); // about 200 / 0.7 attempts: the faults really happened
        Assert.True(retried > 20, $"only {retried} creates needed a retry");
    }
}
