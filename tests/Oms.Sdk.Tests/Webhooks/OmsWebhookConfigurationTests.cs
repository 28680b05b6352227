using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>AddOmsWebhooks(IConfiguration): the secrets from the section the client reads, the docs' Oms:WebhookSecret.</summary>
public sealed class OmsWebhookConfigurationTests
{
    private const string Current = "whsec_4f2c1b3a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";
    private const string Previous = "whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_secret_and_the_previous_one_are_read_from_the_Oms_section_beside_the_client_s_settings()
    {
        var builder = App(new() { ["Oms:ApiKey"] = "sk_sdbx_key", ["Oms:ApiSecret"] = "secret", ["Oms:WebhookSecret"] = Current, ["Oms:PreviousWebhookSecret"] = Previous });
        builder.Services.AddOmsClient(builder.Configuration.GetSection("Oms"));
        builder.Services.AddOmsWebhooks(builder.Configuration.GetSection("Oms"), o => o.HandlerTimeout = TimeSpan.FromSeconds(5));
        await using var app = builder.Build();
        app.MapOmsWebhooks("/webhooks/oms");

        await app.StartAsync(Ct);   // neither the client's unknown-key check nor the webhook validation objects
        var options = app.Services.GetRequiredService<IOptions<OmsWebhookOptions>>().Value;

        Assert.Equal([Current, Previous], options.Secrets);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HandlerTimeout);
        Assert.NotNull(app.Services.GetRequiredService<IOmsClient>());
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task A_missing_secret_fails_start_up_naming_the_configuration_key_to_set()
    {
        var builder = App(new() { ["Settings:Oms:ApiKey"] = "sk_sdbx_key" });
        builder.Services.AddOmsWebhooks(builder.Configuration.GetSection("Settings:Oms"));
        await using var app = builder.Build();
        app.MapOmsWebhooks("/webhooks/oms");

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(Ct));

        Assert.Contains("Settings:Oms:WebhookSecret is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Settings__Oms__WebhookSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secrets", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_s_unknown_key_check_knows_the_webhook_keys_and_still_names_a_misspelt_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:WebhookSecret"] = Current,
            ["Oms:PreviousWebhookSecret"] = Previous,
            ["Oms:WebhookSecert"] = Current,
        }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("holds \"WebhookSecert\", which this SDK does not read", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"WebhookSecret\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"PreviousWebhookSecret\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddOmsWebhooks reads WebhookSecret, PreviousWebhookSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Current["whsec_".Length..], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_read_as_null_in_code_says_that_its_setting_is_not_set()
    {
        var builder = App([]);
        builder.Services.AddOmsWebhooks(o => o.Secrets = [builder.Configuration["Oms:WebhookSecret"]!]);
        await using var app = builder.Build();
        app.MapOmsWebhooks("/webhooks/oms");

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(Ct));

        Assert.Contains("OmsWebhookOptions.Secrets[0] is null, so the setting it was read from is not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Oms:WebhookSecret", ex.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder App(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
