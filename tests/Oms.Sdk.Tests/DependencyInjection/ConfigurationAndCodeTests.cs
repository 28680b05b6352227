using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.DependencyInjection;

/// <summary><c>AddOmsClient(section, o => …)</c>: the section is bound first, the code runs after it and wins, and the result is validated.</summary>
public sealed class ConfigurationAndCodeTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Oms");

    [Fact]
    public async Task Code_overrides_one_value_and_keeps_the_rest_of_the_section()
    {
        var section = Section(new()
        {
            ["Oms:ApiKey"] = "sk_sdbx_from_config",
            ["Oms:ApiSecret"] = "config-secret",
            ["Oms:Resilience:MaxRetries"] = "2",
            ["Oms:Resilience:AttemptTimeout"] = "00:00:07",
        });
        var services = new ServiceCollection();
        services.AddOmsClient(section, o => o.Resilience.MaxRetries = 6);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OmsClientOptions>>().Value;

        Assert.Equal("sk_sdbx_from_config", options.ApiKey);
        Assert.Equal("config-secret", options.ApiSecret);
        Assert.Equal(6, options.Resilience.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Resilience.AttemptTimeout);
    }

    [Fact]
    public async Task The_combined_options_drive_the_client()
    {
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath("/v0.9/customers/cst_1").UsingGet())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.OK, WireSamples.Customer("cst_1")));
        var section = Section(new() { ["Oms:ApiKey"] = OmsWireMock.ApiKey, ["Oms:ApiSecret"] = OmsWireMock.ApiSecret, ["Oms:BaseAddress"] = "https://api.polygon.technology/v0.9" });
        var services = new ServiceCollection();
        services.AddOmsClient("test", section, o => o.BaseAddress = oms.BaseAddress); // the code points it at the local fake

        await using var provider = services.BuildServiceProvider();
        var customer = await provider.GetRequiredKeyedService<IOmsClient>("test").Customers.GetAsync("cst_1", _ct);

        Assert.Equal("cst_1", customer.Id);
        Assert.Contains(OmsWireMock.ApiKey, Assert.Single(oms.Requests("/auth/token")).RequestMessage!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_neither_supplies_fails_at_start_up_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOmsClient(Section(new() { ["Oms:ApiKey"] = "sk_sdbx_key" }), o => o.Resilience.MaxRetries = 1);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(_ct));

        Assert.Contains("OmsClientOptions.ApiSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var services = new ServiceCollection();
        var section = Section([]);

        Assert.Throws<ArgumentNullException>(() => services.AddOmsClient((IConfiguration)null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => services.AddOmsClient(section, (Action<OmsClientOptions>)null!));
        Assert.ThrowsAny<ArgumentException>(() => services.AddOmsClient(" ", section, _ => { }));
    }
}
