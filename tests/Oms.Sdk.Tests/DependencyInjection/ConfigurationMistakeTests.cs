using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.DependencyInjection;

/// <summary>
/// The mistakes a newcomer makes that need no round trip to OMS: each fails at construction or host start-up, naming the
/// setting and the fix, and never printing the secret.
/// </summary>
public sealed class ConfigurationMistakeTests
{
    private const string Secret = "super-secret-value-4d2a";
    private const string WebhookSecretHex = "4f2c1b3a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string[]> BadAddressesAndKeys => new()
    {
        // A base address of a known OMS host without its version segment, or with something else in its place.
        { "sk_sdbx_key", "https://sandbox-api.polygon.technology", ["OmsClientOptions.BaseAddress", "/v0.9"] },
        { "sk_sdbx_key", "https://sandbox-api.polygon.technology/", ["OmsClientOptions.BaseAddress", "/v0.9"] },
        { "sk_live_key", "https://api.polygon.technology/api", ["OmsClientOptions.BaseAddress", "https://api.polygon.technology/v0.9"] },
        { "sk_live_key", "https://api.polygon.technology/v0.9/customers", ["OmsClientOptions.BaseAddress", "/v0.9"] },
        { "sk_live_key", "https://API.polygon.technology/0.9", ["OmsClientOptions.BaseAddress", "/v0.9"] },
        // A key of one environment against the other's host.
        { "sk_live_key", "https://sandbox-api.polygon.technology/v0.9", ["OmsClientOptions.ApiKey", "OmsClientOptions.BaseAddress", "sk_live_", "OmsEnvironment.Production"] },
        { "sk_sdbx_key", "https://api.polygon.technology/v0.13", ["OmsClientOptions.ApiKey", "OmsClientOptions.BaseAddress", "sk_sdbx_", "OmsEnvironment.Sandbox"] },
        // Surrounding whitespace: a key pasted with a space, or read from a file written with echo.
        { " sk_sdbx_key", "https://sandbox-api.polygon.technology/v0.9", ["OmsClientOptions.ApiKey", "trim it"] },
        { "sk_sdbx_key\n", "https://sandbox-api.polygon.technology/v0.9", ["OmsClientOptions.ApiKey", "trim it"] },
    };

    [Theory]
    [MemberData(nameof(BadAddressesAndKeys))]
    public void Construction_refuses_them_naming_the_settings(string key, string address, string[] expected)
    {
        var options = new OmsClientOptions { ApiKey = key, ApiSecret = Secret, BaseAddress = new Uri(address) };

        var ex = Assert.Throws<ArgumentException>(() => new OmsClient(options));

        Assert.All(expected, part => Assert.Contains(part, ex.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadAddressesAndKeys))]
    public async Task Start_up_refuses_them_naming_the_settings(string key, string address, string[] expected)
    {
        var services = new ServiceCollection();
        services.AddOmsClient(o => { o.ApiKey = key; o.ApiSecret = Secret; o.BaseAddress = new Uri(address); });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.All(expected, part => Assert.Contains(part, ex.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" " + Secret)]
    [InlineData(Secret + "\n")]
    [InlineData(Secret + "\r\n")]
    public void A_secret_with_surrounding_whitespace_is_refused_without_printing_it(string secret)
    {
        var options = new OmsClientOptions { ApiKey = "sk_sdbx_key", ApiSecret = secret };

        var ex = Assert.Throws<ArgumentException>(() => new OmsClient(options));

        Assert.Contains("OmsClientOptions.ApiSecret", ex.Message, StringComparison.Ordinal);
        Assert.Contains("echo -n", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://sandbox-api.polygon.technology/v0.9")]
    [InlineData("https://sandbox-api.polygon.technology/v0.13/")]
    [InlineData("https://api.polygon.technology/v1")]
    [InlineData("https://oms-proxy.example.com/")] // not an OMS host: its paths are its own business
    public void Version_paths_and_other_hosts_are_accepted(string address)
    {
        var key = address.Contains("//api.", StringComparison.Ordinal) ? "sk_live_key" : "sk_sdbx_key";

        using var client = new OmsClient(new OmsClientOptions { ApiKey = key, ApiSecret = Secret, BaseAddress = new Uri(address) });

        Assert.NotNull(client.Customers);
    }

    [Theory]
    [InlineData("OMS")] // another section entirely: "Oms" is case-insensitive, so this one is a misspelling elsewhere
    [InlineData("Omss")]
    public async Task A_missing_section_says_the_section_was_empty_or_missing_naming_its_path(string sectionName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:ApiKey"] = "sk_sdbx_key",
            ["Oms:ApiSecret"] = Secret,
        }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Settings:" + sectionName));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("OmsClientOptions.ApiKey is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"the configuration section \"Settings:{sectionName}\" is empty or missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_keys_in_the_section_are_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:Key"] = "sk_sdbx_key",
            ["Oms:ApiSecret"] = Secret,
        }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("OmsClientOptions.ApiKey is required, and the configuration section \"Oms\" holds \"Key\", which this SDK does not read", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_resilience_setting_fails_start_up_instead_of_being_ignored()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:ApiKey"] = "sk_sdbx_key",
            ["Oms:ApiSecret"] = Secret,
            ["Oms:WebhookSecret"] = "an app's own setting beside the SDK's: fine",
            ["Oms:Resilience:MaxRetires"] = "5",
            ["Oms:Resilience:totaltimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("OmsClientOptions.Resilience: the configuration section \"Oms:Resilience\" holds \"MaxRetires\", which this SDK does not read", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("totaltimeout", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WebhookSecret", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" ")]
    public async Task A_webhook_secret_written_with_echo_fails_start_up_naming_the_setting_and_the_fix(string whitespace)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddOmsWebhooks(o => o.Secrets = ["whsec_" + WebhookSecretHex + whitespace]);
        await using var app = builder.Build();
        app.MapOmsWebhooks("/webhooks/oms");

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(Ct));

        Assert.Contains("OmsWebhookOptions.Secrets[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("echo -n", ex.Message, StringComparison.Ordinal);
        Assert.Contains("trim it", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSecretHex, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_standalone_verifier_refuses_it_at_construction_too()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = ["whsec_" + WebhookSecretHex + "\n"] }));

        Assert.Contains("Secrets[0]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("echo -n", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookSecretHex, ex.Message, StringComparison.Ordinal);
    }
}
