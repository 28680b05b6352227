using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Oms.Sdk;
using Oms.Sdk.Auth;
using Oms.Sdk.DependencyInjection;
using Oms.Sdk.Engine;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IOmsClient"/> on <c>IHttpClientFactory</c>, with the SDK's auth and resilience pipeline.</summary>
public static class OmsServiceCollectionExtensions
{
    private const string HttpClientNamePrefix = "Oms.Sdk";

    /// <summary>
    /// Registers the default <see cref="IOmsClient"/> (and <see cref="OmsClient"/>) as a singleton, with the application's
    /// <see cref="OmsEndorsementSignals"/> (every AddOmsClient call shares the one singleton).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; they are validated at start-up.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    /// <example><code>services.AddOmsClient(o => { o.ApiKey = "sk_sdbx_..."; o.ApiSecret = secret; });</code></example>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, Action<OmsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name: null, options => options.Configure(configure));
    }

    /// <summary>Registers the default <see cref="IOmsClient"/> bound to a configuration section (for example <c>configuration.GetSection("Oms")</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section: <c>ApiKey</c>, <c>ApiSecret</c>, <c>BaseAddress</c>, <c>Resilience:MaxRetries</c> and so on.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, name: null, options => options.Configure(o => OmsClientConfiguration.Apply(configuration, o)));
    }

    /// <summary>
    /// Registers the default <see cref="IOmsClient"/> bound to a configuration section, then adjusted in code: the
    /// section is read first, <paramref name="configure"/> runs after it (so code wins), and the result is validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Oms")</c>.</param>
    /// <param name="configure">Sets what configuration cannot carry (a logger factory, a clock, a token provider) or overrides a value.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    /// <example><code>
    /// services.AddOmsClient(configuration.GetSection("Oms"), o => o.Resilience.MaxRetries = 5);
    /// </code></example>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, IConfiguration configuration, Action<OmsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name: null, options => options.Configure(o => OmsClientConfiguration.Apply(configuration, o)).Configure(configure));
    }

    /// <summary>Registers a named <see cref="IOmsClient"/> as a keyed singleton, bound to a configuration section, then adjusted in code (code wins).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key of this client.</param>
    /// <param name="configuration">The section holding this client's settings.</param>
    /// <param name="configure">Runs after the section is bound.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, string name, IConfiguration configuration, Action<OmsClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name, options => options.Configure(o => OmsClientConfiguration.Apply(configuration, o)).Configure(configure));
    }

    /// <summary>
    /// Registers a named <see cref="IOmsClient"/> as a keyed singleton, so one application can talk to several OMS accounts
    /// (say "sandbox" and "production"). Resolve it with <c>[FromKeyedServices("production")] IOmsClient client</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key of this client.</param>
    /// <param name="configure">Sets the options; they are validated at start-up.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, string name, Action<OmsClientOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(services, name, options => options.Configure(configure));
    }

    /// <summary>Registers a named <see cref="IOmsClient"/> as a keyed singleton, bound to a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The key of this client.</param>
    /// <param name="configuration">The section holding this client's settings.</param>
    /// <returns>The HTTP client builder, to add handlers of your own.</returns>
    public static IHttpClientBuilder AddOmsClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configuration);
        return Register(services, name, options => options.Configure(o => OmsClientConfiguration.Apply(configuration, o)));
    }

    private static IHttpClientBuilder Register(IServiceCollection services, string? name, Action<OptionsBuilder<OmsClientOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsName = name ?? Options.Options.DefaultName;
        var httpClientName = name is null ? HttpClientNamePrefix : $"{HttpClientNamePrefix}:{name}";

        var optionsBuilder = services.AddOptions<OmsClientOptions>(optionsName);
        configure(optionsBuilder);

        // One pipeline per client name, however often it is registered: an app registers its client, then its test points
        // that client at a fake with a second call. The second call's options apply after the first's (as Configure does);
        // adding the handlers again would nest a second retry and token layer inside the first (16 attempts instead of 4).
        if (OmsClientRegistration.IsRegistered(services, httpClientName))
        {
            return services.AddHttpClient(httpClientName);
        }

        services.AddSingleton(new OmsClientRegistration(httpClientName));
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmsClientOptions>, OmsClientOptionsValidator>());
        services.TryAddSingleton<OmsEndorsementSignals>();

        services.AddKeyedSingleton<OmsTokenSource>(httpClientName, (sp, _) =>
        {
            var options = GetOptions(sp, optionsName);
            return OmsTokenSource.Create(options, options.CreateLogger(sp));
        });

        // The chain is put together by the composition root, as for a standalone client; handlers the caller adds to the
        // returned builder run inside it, once per attempt.
        var builder = services
            .AddHttpClient(httpClientName)
            .ConfigureHttpClient((sp, client) => OmsCompositionRoot.ConfigureHttpClient(client, GetOptions(sp, optionsName)))
            .ConfigurePrimaryHttpMessageHandler(sp => OmsCompositionRoot.CreatePrimaryHandler(GetOptions(sp, optionsName)))
            // The client is a singleton holding its HttpClient; the primary handler's pooled connection lifetime
            // replaces handler rotation, so DNS changes are still seen.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Quiet by default: IHttpClientFactory's four Information lines per attempt repeat what the SDK logs at Debug.
            .RemoveAllLoggers()
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var options = GetOptions(sp, optionsName);
                OmsCompositionRoot.AddHandlers(handlers, options, sp.GetRequiredKeyedService<OmsTokenSource>(httpClientName), options.CreateLogger(sp));
            });

        if (name is null)
        {
            services.TryAddSingleton(sp => CreateClient(sp, httpClientName, optionsName));
            services.TryAddSingleton<IOmsClient>(sp => sp.GetRequiredService<OmsClient>());
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => CreateClient(sp, httpClientName, optionsName));
            services.AddKeyedSingleton<IOmsClient>(name, (sp, key) => sp.GetRequiredKeyedService<OmsClient>(key));
        }

        return builder;
    }

    private static OmsClient CreateClient(IServiceProvider services, string httpClientName, string optionsName)
    {
        var options = GetOptions(services, optionsName);
        var httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
        return new OmsClient(httpClient, options, options.CreateLogger(services), services.GetRequiredService<OmsEndorsementSignals>());
    }

    private static OmsClientOptions GetOptions(IServiceProvider services, string optionsName) =>
        services.GetRequiredService<IOptionsMonitor<OmsClientOptions>>().Get(optionsName);
}
