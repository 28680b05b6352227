using Microsoft.Extensions.Configuration;

namespace Oms.Sdk;

/// <summary>
/// The settings of <see cref="OmsClientOptions"/> that configuration can carry (a configuration file cannot hold a
/// token provider or a clock). Bound with the source-generated binder, so trimming and AOT stay safe.
/// </summary>
internal sealed class OmsClientConfiguration
{
    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    public Uri? BaseAddress { get; set; }

    public TimeSpan? PooledConnectionLifetime { get; set; }

    public OmsResilienceOptions? Resilience { get; set; }

    public static void Apply(IConfiguration configuration, OmsClientOptions options)
    {
        var settings = new OmsClientConfiguration { Resilience = options.Resilience };
        configuration.Bind(settings);
        options.ApiKey = settings.ApiKey ?? options.ApiKey;
        options.ApiSecret = settings.ApiSecret ?? options.ApiSecret;
        options.BaseAddress = settings.BaseAddress ?? options.BaseAddress;
        options.PooledConnectionLifetime = settings.PooledConnectionLifetime ?? options.PooledConnectionLifetime;
        options.Resilience = settings.Resilience ?? options.Resilience;
    }
}
