using Microsoft.Extensions.DependencyInjection.Extensions;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the OMS webhook endpoint keep its inbox in Redis, shared by every receiver of a fleet.</summary>
public static class OmsWebhookRedisInboxServiceCollectionExtensions
{
    /// <summary>
    /// Keeps the webhook endpoint's claims and done deliveries in Redis (<see cref="RedisOmsWebhookInbox"/>), so that a fleet
    /// of receivers sharing that Redis handles each delivery exactly once. Replaces any <see cref="IOmsWebhookInbox"/>
    /// registered before; call it before or after <c>AddOmsWebhooks(…)</c>. The connection opens on first use and the app
    /// starts without Redis: deliveries are answered 503 (OMS retries them) until it is reachable.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>redis.internal:6379,password=…</c>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">The configuration string cannot be read (the message does not repeat it).</exception>
    /// <example><code>
    /// builder.Services.AddOmsWebhooks(o => o.Secrets = [secret]).AddOmsWebhookHandler&lt;CustomerEndorsementGrantedEvent, GrantedHandler&gt;();
    /// builder.Services.AddOmsWebhookRedisInbox(builder.Configuration.GetConnectionString("Redis")!);
    /// </code></example>
    public static IServiceCollection AddOmsWebhookRedisInbox(this IServiceCollection services, string configuration) =>
        services.AddOmsWebhookRedisInbox(configuration, static _ => { });

    /// <summary>As <see cref="AddOmsWebhookRedisInbox(IServiceCollection, string)"/>, with settings (key prefix, database, call timeout).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <param name="configure">Sets the inbox's options.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">The configuration string cannot be read, or an option is out of range.</exception>
    public static IServiceCollection AddOmsWebhookRedisInbox(this IServiceCollection services, string configuration, Action<RedisOmsWebhookInboxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        // Checked now, so a bad string or option fails at registration (nothing connects until the first delivery); each
        // container gets its own inbox, and with it its own connection, disposed with the container.
        var options = RedisOmsWebhookInbox.Checked(Configured(configure));
        _ = RedisOmsWebhookInbox.ReadConfiguration(configuration, options);
        return Register(services, _ => new RedisOmsWebhookInbox(configuration, options));
    }

    /// <summary>
    /// Keeps the webhook endpoint's inbox in Redis through a connection the application already has (it stays the
    /// application's to dispose). Replaces any <see cref="IOmsWebhookInbox"/> registered before.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">The application's Redis connection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOmsWebhookRedisInbox(this IServiceCollection services, IConnectionMultiplexer connection) =>
        services.AddOmsWebhookRedisInbox(connection, static _ => { });

    /// <summary>As <see cref="AddOmsWebhookRedisInbox(IServiceCollection, IConnectionMultiplexer)"/>, with settings (key prefix, database, call timeout).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">The application's Redis connection.</param>
    /// <param name="configure">Sets the inbox's options.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static IServiceCollection AddOmsWebhookRedisInbox(this IServiceCollection services, IConnectionMultiplexer connection, Action<RedisOmsWebhookInboxOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(configure);

        var options = RedisOmsWebhookInbox.Checked(Configured(configure));
        return Register(services, _ => new RedisOmsWebhookInbox(connection, options));
    }

    private static RedisOmsWebhookInboxOptions Configured(Action<RedisOmsWebhookInboxOptions> configure)
    {
        var options = new RedisOmsWebhookInboxOptions();
        configure(options);
        return options;
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, RedisOmsWebhookInbox> inbox)
    {
        // A factory registration, so the container disposes the inbox (and a connection it opened) with itself.
        services.RemoveAll<IOmsWebhookInbox>();
        services.AddSingleton<IOmsWebhookInbox>(inbox);
        return services;
    }
}
