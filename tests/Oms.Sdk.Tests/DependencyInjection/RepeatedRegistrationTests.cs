using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Oms.Sdk.Testing;

namespace Oms.Sdk.Tests.DependencyInjection;

/// <summary>
/// An app registers its client from configuration; its test registers it again to point it at a fake. However often a
/// name is registered, it gets one pipeline: one retry layer, one token source.
/// </summary>
public sealed class RepeatedRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_AddOmsClient_reconfigures_the_client_and_adds_no_second_pipeline()
    {
        await using var oms = FakeOmsServer.Start();
        oms.FailNext(100, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post, pathPrefix: "/customers");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Oms:ApiKey"] = "sk_sdbx_from_the_app", ["Oms:ApiSecret"] = "app-secret" })
            .Build();
        var services = new ServiceCollection();

        services.AddOmsClient(configuration.GetSection("Oms"));          // the app's Program.cs
        services.AddOmsClient(o =>                                       // its test, pointing the client at the fake
        {
            o.BaseAddress = oms.BaseAddress;
            o.ApiKey = oms.ApiKey;
            o.ApiSecret = oms.ApiSecret;
            o.Resilience.BaseDelay = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IOmsClient>();

        var error = await Assert.ThrowsAnyAsync<OmsApiException>(() => client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct));

        Assert.Equal(4, oms.RequestCount(HttpMethod.Post, "/customers"));   // 1 + MaxRetries (3), not 4 × 4
        Assert.Equal(1, oms.RequestCount(HttpMethod.Post, "/auth/token"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(4, error.Attempts);
    }

    [Fact]
    public async Task The_later_registration_s_options_apply_over_the_earlier_ones()
    {
        await using var oms = FakeOmsServer.Start();
        var services = new ServiceCollection();
        services.AddOmsClient(o => { o.ApiKey = "sk_sdbx_wrong"; o.ApiSecret = "wrong"; o.BaseAddress = new Uri("http://127.0.0.1:9/v0.9"); });
        services.AddOmsClient(new ConfigurationBuilder().AddInMemoryCollection(oms.ToConfiguration()).Build().GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var created = await provider.GetRequiredService<IOmsClient>().Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Equal(created.Id, Assert.Single(oms.Customers).Id);
    }

    [Fact]
    public async Task Named_clients_registered_twice_each_keep_one_pipeline_of_their_own()
    {
        await using var first = FakeOmsServer.Start();
        await using var second = FakeOmsServer.Start();
        first.FailNext(100, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post, pathPrefix: "/customers");
        var services = new ServiceCollection();
        services.AddOmsClient("first", o => o.Resilience.MaxRetries = 1);
        services.AddOmsClient("second", o => o.Resilience.MaxRetries = 1);
        services.AddOmsClient("first", o => PointAt(o, first));
        services.AddOmsClient("second", o => PointAt(o, second));
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAnyAsync<OmsApiException>(
            () => provider.GetRequiredKeyedService<IOmsClient>("first").Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct));
        await provider.GetRequiredKeyedService<IOmsClient>("second").Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Equal(2, first.RequestCount(HttpMethod.Post, "/customers"));
        Assert.Equal(1, first.RequestCount(HttpMethod.Post, "/auth/token"));
        Assert.Single(second.Customers);
        Assert.Equal(1, second.RequestCount(HttpMethod.Post, "/auth/token"));
        Assert.Null(provider.GetService<IOmsClient>());
    }

    private static void PointAt(OmsClientOptions options, FakeOmsServer oms)
    {
        options.BaseAddress = oms.BaseAddress;
        options.ApiKey = oms.ApiKey;
        options.ApiSecret = oms.ApiSecret;
        options.Resilience.BaseDelay = TimeSpan.Zero;
    }
}
