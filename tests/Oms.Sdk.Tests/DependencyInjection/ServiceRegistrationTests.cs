using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.DependencyInjection;

/// <summary>The DI registration: one singleton client over IHttpClientFactory, keyed clients for several accounts.</summary>
public sealed class ServiceRegistrationTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_default_client_is_a_singleton_that_calls_oms_through_the_pipeline()
    {
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        var services = new ServiceCollection();
        services.AddOmsClient(o =>
        {
            var template = oms.Options();
            o.ApiKey = template.ApiKey;
            o.ApiSecret = template.ApiSecret;
            o.BaseAddress = template.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IOmsClient>();
        var customer = await client.Customers.GetAsync("cst_1", _ct);

        Assert.Same(client, provider.GetRequiredService<IOmsClient>());
        Assert.Same(client, provider.GetRequiredService<OmsClient>());
        Assert.Equal("cst_1", customer.Id);
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(Assert.Single(oms.Requests("/customers/cst_1")), "Authorization"));
    }

    [Fact]
    public async Task Keyed_clients_talk_to_their_own_account_with_their_own_tokens()
    {
        using var sandbox = new OmsWireMock();
        using var production = new OmsWireMock();
        production.Server.ResetMappings();
        production.GivenToken(token: "tok_production");
        foreach (var server in new[] { sandbox, production })
        {
            server.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
                .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        }

        var services = new ServiceCollection();
        services.AddOmsClient("sandbox", o => { o.ApiKey = "sk_sdbx_a"; o.ApiSecret = "s1"; o.BaseAddress = sandbox.BaseAddress; });
        services.AddOmsClient("production", o => { o.ApiKey = "sk_live_b"; o.ApiSecret = "s2"; o.BaseAddress = production.BaseAddress; });
        await using var provider = services.BuildServiceProvider();

        var a = provider.GetRequiredKeyedService<IOmsClient>("sandbox");
        var b = provider.GetRequiredKeyedService<IOmsClient>("production");
        await a.Customers.GetAsync("cst_1", _ct);
        await b.Customers.GetAsync("cst_1", _ct);

        Assert.NotSame(a, b);
        Assert.Null(provider.GetService<IOmsClient>());
        Assert.Contains("sk_sdbx_a", Assert.Single(sandbox.Requests("/auth/token")).RequestMessage!.Body, StringComparison.Ordinal);
        Assert.Contains("sk_live_b", Assert.Single(production.Requests("/auth/token")).RequestMessage!.Body, StringComparison.Ordinal);
        Assert.Equal("Bearer " + OmsWireMock.Token, OmsWireMock.Header(Assert.Single(sandbox.Requests("/customers/cst_1")), "Authorization"));
        Assert.Equal("Bearer tok_production", OmsWireMock.Header(Assert.Single(production.Requests("/customers/cst_1")), "Authorization"));
    }

    [Fact]
    public async Task Di_clients_retry_with_the_same_pipeline()
    {
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .InScenario("blip").WillSetStateTo("up")
            .RespondWith(OmsWireMock.Json(HttpStatusCode.ServiceUnavailable, "{}"));
        oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .InScenario("blip").WhenStateIs("up")
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        var services = new ServiceCollection();
        services.AddOmsClient(o =>
        {
            o.ApiKey = OmsWireMock.ApiKey;
            o.ApiSecret = OmsWireMock.ApiSecret;
            o.BaseAddress = oms.BaseAddress;
            o.Resilience.BaseDelay = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var customer = await provider.GetRequiredService<IOmsClient>().Customers.GetAsync("cst_1", _ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Equal(2, oms.Requests("/customers/cst_1").Count());
    }

    [Fact]
    public async Task Invalid_options_fail_when_the_host_starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOmsClient(o => o.ApiKey = "sk_sdbx_key");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync(_ct));

        Assert.Contains("OmsClientOptions.ApiSecret", ex.Message, StringComparison.Ordinal);
    }
}
