using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Oms.Sdk.Testing;

namespace Oms.Sdk.Tests.Diagnostics;

/// <summary>
/// What a small app sees with the host's default logging (minimum level Information, no filters of its own): the SDK
/// stays quiet on the happy path and says once, at Warning, that a call failed; a caller's 4xx is never an Error.
/// </summary>
public sealed class DefaultLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_small_app_with_default_host_logging_gets_one_line_per_failed_call_and_none_per_attempt()
    {
        await using var oms = FakeOmsServer.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.Services.AddOmsClient(o =>
        {
            o.ApiKey = oms.ApiKey;
            o.ApiSecret = oms.ApiSecret;
            o.BaseAddress = oms.BaseAddress;
            o.Resilience.BaseDelay = TimeSpan.Zero;
        });
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<IOmsClient>();

        // The app: create (its first attempt meets one 503 and is retried), read back, list, then two mistakes it catches.
        oms.FailNext(1, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post, pathPrefix: "/customers");
        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Jane", Email = "jane@example.com" }, cancellationToken: Ct);
        await client.Customers.GetAsync(customer.Id, Ct);
        await foreach (var listed in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 10 }, Ct))
        {
            Assert.NotNull(listed.Id);
        }

        await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_missing", Ct));
        await Assert.ThrowsAsync<OmsValidationException>(
            () => client.Customers.CreateAsync(new CreateCustomerRequest { Email = "not an email" }, cancellationToken: Ct));
        await host.StopAsync(Ct);

        var collector = host.Services.GetRequiredService<FakeLogCollector>();
        var records = collector.GetSnapshot();
        var fromCalls = records.Where(r => !r.Category!.StartsWith("Microsoft.Hosting", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, records.Select(r => $"{r.Level} {r.Category}: {r.Message}")));

        // Six calls, eight HTTP attempts (token exchange and the retried create included): two lines, one per failed call.
        Assert.Equal(2, fromCalls.Count);
        Assert.All(fromCalls, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.All(fromCalls, r => Assert.Equal("Oms.Sdk", r.Category));
        Assert.Contains(fromCalls, r => r.Message.Contains("customers.get failed after 1 attempt(s): OmsNotFoundException, status NotFound", StringComparison.Ordinal));
        Assert.Contains(fromCalls, r => r.Message.Contains("customers.create failed after 1 attempt(s): OmsValidationException", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Level >= LogLevel.Error);

        // Only the fields known are written, in the text and in the template a structured sink renders: a get has no
        // idempotency key (the fake sends a request id).
        var notFound = Assert.Single(fromCalls, r => r.Message.StartsWith("customers.get", StringComparison.Ordinal));
        Assert.Matches(@"^customers\.get failed after 1 attempt\(s\): OmsNotFoundException, status NotFound, error code not_found, request id req_\S+$", notFound.Message);
        Assert.Equal(
            "{Operation} failed after {Attempts} attempt(s): {ErrorType}, status {StatusCode}, error code {ErrorCode}, request id {RequestId}",
            Assert.Single(notFound.StructuredState!, p => p.Key == "{OriginalFormat}").Value);
        Assert.Equal("NotFound", Assert.Single(notFound.StructuredState!, p => p.Key == "StatusCode").Value);
        Assert.All(fromCalls, r => Assert.DoesNotMatch(@"(status|error code|request id|idempotency key) ?(,|$)", r.Message));
    }
}
