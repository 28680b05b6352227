using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Customers;

/// <summary>Caller cancellation always surfaces as <see cref="OperationCanceledException"/>, never wrapped, and stops the call.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly OmsWireMock _oms = new();

    public void Dispose() => _oms.Dispose();

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        using var client = _oms.Client();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Customers.GetAsync("cst_1", cts.Token));

        Assert.IsNotAssignableFrom<OmsException>(ex);
        Assert.Empty(_oms.Requests("/customers/cst_1"));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("create")]
    [InlineData("list")]
    public async Task Cancelling_while_oms_is_answering_ends_the_call_with_operation_canceled(string operation)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Reply.NoAnswer);
        server.Received += request =>
        {
            if (!request.Path.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                cts.Cancel(); // the request is at OMS, which has not answered yet
            }
        };
        using var client = new OmsClient(_oms.Options(o => o.BaseAddress = server.BaseAddress));

        Task call = operation switch
        {
            "get" => client.Customers.GetAsync("cst_1", cts.Token),
            "create" => client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: cts.Token),
            _ => client.Customers.ListAsync(cancellationToken: cts.Token),
        };

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.IsNotAssignableFrom<OmsException>(ex);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Single(server.CustomerRequests);
    }
}
