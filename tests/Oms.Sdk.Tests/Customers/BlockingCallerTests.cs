using Oms.Sdk.Testing;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Tests.Shared;

namespace Oms.Sdk.Tests.Customers;

/// <summary>
/// Blocking callers (classic ASP.NET, WinForms, WPF, old service code) call <c>.GetAwaiter().GetResult()</c> on a thread
/// with a single-threaded <see cref="SynchronizationContext"/>: every public async operation finishes there, and not one
/// continuation is posted to the context (CA2007 makes ConfigureAwait(false) a build error in src/; this is the proof).
/// </summary>
public sealed class BlockingCallerTests
{
    public static TheoryData<string> Operations() => [.. Names()];

    private static IEnumerable<string> Names() => BlockingCallers.PublicAsyncMethods().Select(BlockingCallers.Name).Order(StringComparer.Ordinal);

    [Fact]
    public void The_list_of_blocking_calls_covers_every_public_async_operation()
    {
        using var client = new OmsClient(new OmsClientOptions { ApiKey = "sk_sdbx_k", ApiSecret = "s", BaseAddress = new Uri("http://127.0.0.1:1/v0.9") });
        var listed = BlockingCallers.EveryPublicAsyncOperation(client, "cst_1").Select(o => o.Name).ToList();
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.Equal(Names(), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_blocking_call_under_a_single_threaded_context_finishes_without_posting_to_it(string operation)
    {
        await using var oms = FakeOmsServer.Start();
        using var client = FakeOmsClients.For(oms);
        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Block", LastName = "Ing" }, cancellationToken: TestContext.Current.CancellationToken);
        await oms.GrantEndorsementAsync(customer.Id, Endorsement.Basic, TestContext.Current.CancellationToken);
        var call = BlockingCallers.EveryPublicAsyncOperation(client, customer.Id).Single(o => o.Name == operation).Call;

        var (result, posts) = BlockingCallers.Run(call, TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.Equal(0, posts);
    }

    /// <summary>The harness fails a call that captures the context: such a call never finishes, and it says so.</summary>
    [Fact]
    public void The_harness_reports_a_call_that_captures_the_context()
    {
        static async Task<object> Capturing()
        {
            await Task.Yield(); // continues on the captured, blocked context
            return new object();
        }

        var error = Assert.Throws<TimeoutException>(() => BlockingCallers.Run(() => Capturing().GetAwaiter().GetResult(), TimeSpan.FromSeconds(2)));
        Assert.Contains("1 continuation(s) posted", error.Message, StringComparison.Ordinal);
    }
}
