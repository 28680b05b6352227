using Microsoft.Extensions.Configuration;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.DependencyInjection;

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

    /// <summary>The keys the client reads from its section (configuration keys compare without case).</summary>
    private static readonly string[] ClientKeys = [nameof(ApiKey), nameof(ApiSecret), nameof(BaseAddress), nameof(PooledConnectionLifetime), nameof(Resilience)];

    /// <summary>The keys the section may hold: the client's, and the webhook settings AddOmsWebhooks reads from the same section.</summary>
    private static readonly string[] KnownKeys = [.. ClientKeys, .. OmsWebhookConfigurationKeys.All];

    private static readonly string[] KnownResilienceKeys =
    [
        nameof(OmsResilienceOptions.MaxRetries), nameof(OmsResilienceOptions.BaseDelay), nameof(OmsResilienceOptions.MaxDelay),
        nameof(OmsResilienceOptions.AttemptTimeout), nameof(OmsResilienceOptions.TotalTimeout),
    ];

    public static void Apply(IConfiguration configuration, OmsClientOptions options)
    {
        options.ConfigurationProblem = Problem(configuration);
        options.ResilienceConfigurationProblem = ResilienceProblem(configuration.GetSection(nameof(Resilience)));
        var settings = new OmsClientConfiguration { Resilience = options.Resilience };
        configuration.Bind(settings);
        options.ApiKey = settings.ApiKey ?? options.ApiKey;
        options.ApiSecret = settings.ApiSecret ?? options.ApiSecret;
        options.BaseAddress = settings.BaseAddress ?? options.BaseAddress;
        options.PooledConnectionLifetime = settings.PooledConnectionLifetime ?? options.PooledConnectionLifetime;
        options.Resilience = settings.Resilience ?? options.Resilience;
    }

    /// <summary>
    /// What is wrong with the section as a whole, worded to follow "ApiKey is required, and …": missing or empty (a
    /// misspelt section name, or a settings file not loaded), or holding only keys this SDK does not read.
    /// </summary>
    private static string? Problem(IConfiguration configuration)
    {
        var path = configuration is IConfigurationSection section ? section.Path : "(root)";
        var children = configuration.GetChildren().Select(c => c.Key).ToList();
        if (children.Count == 0)
        {
            return $"the configuration section \"{path}\" is empty or missing: check the section name passed to AddOmsClient "
                + "(GetSection(\"Oms\") is case-insensitive but must match), and that the settings file or environment variables "
                + "(Oms__ApiKey) are loaded.";
        }

        var unknown = children.Where(key => !KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? null
            : $"the configuration section \"{path}\" holds {string.Join(", ", unknown.Select(k => $"\"{k}\""))}, which this SDK does not read "
                + $"(a misspelling?); it reads {string.Join(", ", ClientKeys)}, and AddOmsWebhooks reads {string.Join(", ", OmsWebhookConfigurationKeys.All)}.";
    }

    /// <summary>
    /// Keys of the Resilience subsection the SDK does not read. Unlike the section itself (which an app may share with
    /// settings of its own, such as a webhook secret), this one belongs to the SDK: an unknown key there is a misspelling
    /// (MaxRetires) that would otherwise be ignored without a word.
    /// </summary>
    private static string? ResilienceProblem(IConfigurationSection resilience)
    {
        var unknown = resilience.GetChildren().Select(c => c.Key).Where(key => !KnownResilienceKeys.Contains(key, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0 ? null
            : $"OmsClientOptions.Resilience: the configuration section \"{resilience.Path}\" holds {string.Join(", ", unknown.Select(k => $"\"{k}\""))}, "
                + $"which this SDK does not read (a misspelling?); it reads {string.Join(", ", KnownResilienceKeys)}.";
    }
}
