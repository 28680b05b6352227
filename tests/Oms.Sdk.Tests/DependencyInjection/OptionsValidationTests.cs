using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Oms.Sdk.Tests.DependencyInjection;

/// <summary>Bad settings fail at construction (standalone) or at start-up (DI), naming the setting and never the secret.</summary>
public sealed class OptionsValidationTests
{
    private const string Secret = "super-secret-value-9c1e";

    private static OmsClientOptions Valid() => new() { ApiKey = "sk_sdbx_key", ApiSecret = Secret };

    public static TheoryData<string, Action<OmsClientOptions>> BadSettings => new()
    {
        { "BaseAddress", o => o.BaseAddress = new Uri("/v0.9", UriKind.Relative) },
        { "BaseAddress", o => o.BaseAddress = new Uri("http://api.polygon.technology/v0.9") },
        { "BaseAddress", o => o.BaseAddress = new Uri("ftp://api.polygon.technology/v0.9") },
        { "BaseAddress", o => o.BaseAddress = new Uri("https://user:" + Secret + "@api.polygon.technology/v0.9") },
        { "BaseAddress", o => o.BaseAddress = null! },
        { "ApiKey", o => o.ApiKey = null },
        { "ApiKey", o => o.ApiKey = "  " },
        { "ApiSecret", o => o.ApiSecret = "" },
        { "Resilience.MaxRetries", o => o.Resilience.MaxRetries = -1 },
        { "Resilience.MaxRetries", o => o.Resilience.MaxRetries = 11 },
        { "Resilience.BaseDelay", o => o.Resilience.BaseDelay = TimeSpan.FromSeconds(-1) },
        { "Resilience.MaxDelay", o => o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(1) },
        { "Resilience.AttemptTimeout", o => o.Resilience.AttemptTimeout = TimeSpan.Zero },
        { "Resilience.TotalTimeout", o => o.Resilience.TotalTimeout = TimeSpan.FromSeconds(-5) },
        { "Resilience.TotalTimeout", o => o.Resilience.TotalTimeout = TimeSpan.FromSeconds(5) },
        { "PooledConnectionLifetime", o => o.PooledConnectionLifetime = TimeSpan.Zero },
        { "Resilience", o => o.Resilience = null! },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Standalone_construction_names_the_bad_setting(string setting, Action<OmsClientOptions> breakIt)
    {
        var options = Valid();
        breakIt(options);

        var ex = Assert.Throws<ArgumentException>(() => new OmsClient(options));

        Assert.Contains("OmsClientOptions." + setting, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        using var handler = new HttpClientHandler();
        Assert.Throws<ArgumentException>(() => new OmsClient(options, handler));
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Di_start_up_names_the_bad_setting(string setting, Action<OmsClientOptions> breakIt)
    {
        var services = new ServiceCollection();
        services.AddOmsClient(o =>
        {
            o.ApiKey = "sk_sdbx_key";
            o.ApiSecret = Secret;
            breakIt(o);
        });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("OmsClientOptions." + setting, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000/v0.9")]
    [InlineData("http://127.0.0.1:5000/v0.9")]
    [InlineData("http://[::1]:5000/v0.9")]
    [InlineData("https://sandbox-api.polygon.technology/v0.13")]
    public void Https_or_loopback_http_is_accepted(string address)
    {
        var options = Valid();
        options.BaseAddress = new Uri(address);

        using var client = new OmsClient(options);

        Assert.NotNull(client.Customers);
    }

    [Fact]
    public void A_token_provider_replaces_key_and_secret()
    {
        using var client = new OmsClient(new OmsClientOptions { TokenProvider = new NeverProvider() });

        Assert.NotNull(client.Customers);
    }

    [Fact]
    public void Options_to_string_never_prints_the_secret()
    {
        var options = Valid();

        var text = options.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("sandbox-api.polygon.technology", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, new OmsAccessToken(Secret, DateTimeOffset.FromUnixTimeSeconds(0)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Environments_are_https_with_the_version_segment()
    {
        Assert.Equal("https://sandbox-api.polygon.technology/v0.9", OmsEnvironment.Sandbox.ToString());
        Assert.Equal("https://api.polygon.technology/v0.9", OmsEnvironment.Production.ToString());
        Assert.Equal("https://api.polygon.technology/v0.13", OmsEnvironment.ProductionVersion("v0.13").ToString());
        Assert.Throws<ArgumentException>(() => OmsEnvironment.SandboxVersion("v1/../admin"));
    }

    [Fact]
    public async Task Configuration_binding_reads_every_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Oms:ApiKey"] = "sk_live_key",
            ["Oms:ApiSecret"] = Secret,
            ["Oms:BaseAddress"] = "https://api.polygon.technology/v0.13",
            ["Oms:PooledConnectionLifetime"] = "00:02:00",
            ["Oms:Resilience:MaxRetries"] = "5",
            ["Oms:Resilience:BaseDelay"] = "00:00:00.250",
            ["Oms:Resilience:MaxDelay"] = "00:00:10",
            ["Oms:Resilience:AttemptTimeout"] = "00:00:05",
            ["Oms:Resilience:TotalTimeout"] = "00:00:45",
        }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OmsClientOptions>>().Value;

        Assert.Equal("sk_live_key", options.ApiKey);
        Assert.Equal(Secret, options.ApiSecret);
        Assert.Equal(new Uri("https://api.polygon.technology/v0.13"), options.BaseAddress);
        Assert.Equal(TimeSpan.FromMinutes(2), options.PooledConnectionLifetime);
        Assert.Equal(new OmsResilienceOptions
        {
            MaxRetries = 5,
            BaseDelay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(5),
            TotalTimeout = TimeSpan.FromSeconds(45),
        }, options.Resilience);
    }

    [Fact]
    public async Task Configuration_with_a_missing_secret_fails_at_start_up_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Oms:ApiKey"] = "sk_live_key" }).Build();
        var services = new ServiceCollection();
        services.AddOmsClient(configuration.GetSection("Oms"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOmsClient>());

        Assert.Contains("OmsClientOptions.ApiSecret", ex.Message, StringComparison.Ordinal);
    }

    private sealed class NeverProvider : IOmsTokenProvider
    {
        public ValueTask<OmsAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not called");
    }
}
