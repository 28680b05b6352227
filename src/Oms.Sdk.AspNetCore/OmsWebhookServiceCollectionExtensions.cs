using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Oms.Sdk;
using Oms.Sdk.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OMS webhook endpoint's services and your event handlers.</summary>
public static class OmsWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <c>app.MapOmsWebhooks(…)</c> needs: the options (validated at start-up), an
    /// <see cref="OmsWebhookVerifier"/> singleton, the application's <see cref="OmsEndorsementSignals"/> (shared with
    /// <c>AddOmsClient</c>: each verified <c>customer.endorsement.granted</c> delivery wakes the client's
    /// <c>WaitForEndorsementAsync</c> calls), and an <see cref="IOmsWebhookInbox"/> unless one is registered (before or
    /// after this call): the in-process <see cref="InMemoryOmsWebhookInbox"/>, right for a single receiver. A fleet shares one
    /// store: <c>services.AddOmsWebhookRedisInbox(…)</c> (package <c>Oms.Sdk.Redis</c>) or your own <see cref="IOmsWebhookInbox"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; at least one secret.</param>
    /// <returns>The service collection, to chain <see cref="AddOmsWebhookHandler{TEvent, THandler}"/>.</returns>
    /// <example><code>
    /// builder.Services.AddOmsWebhooks(o => o.Secrets = [vault.GetSecret("oms-webhook")])
    ///     .AddOmsWebhookHandler&lt;CustomerEndorsementGrantedEvent, GrantedHandler&gt;();
    /// </code></example>
    public static IServiceCollection AddOmsWebhooks(this IServiceCollection services, Action<OmsWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<OmsWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmsWebhookOptions>, OmsWebhookOptionsValidator>());
        services.TryAddSingleton(sp => new OmsWebhookVerifier(Options(sp).ToVerifierOptions()));
        services.TryAddSingleton<IOmsWebhookInbox>(sp =>
        {
            var options = Options(sp);
            return new InMemoryOmsWebhookInbox(options.InMemoryInboxCapacity, options.TimeProvider);
        });
        services.TryAddSingleton<OmsEndorsementSignals>(); // the same singleton AddOmsClient registers: the endpoint feeds the client's waits
        services.TryAddSingleton<OmsWebhookEndpoint>();
        return services;
    }

    /// <summary>
    /// Registers the webhook endpoint's services (as <see cref="AddOmsWebhooks(IServiceCollection, Action{OmsWebhookOptions})"/>)
    /// with the secrets read from a configuration section: <c>WebhookSecret</c> (the endpoint's <c>whsec_…</c> secret) and,
    /// during a rotation, <c>PreviousWebhookSecret</c>. Pass the section the client reads too, for example
    /// <c>builder.Configuration.GetSection("Oms")</c>: <c>Oms:WebhookSecret</c> beside <c>Oms:ApiKey</c>. A missing secret fails
    /// start-up naming the key to set (<c>Oms:WebhookSecret</c>); the value is read when the options are first used, so
    /// settings a test host adds later (a <c>WebApplicationFactory</c>'s) apply.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>WebhookSecret</c>.</param>
    /// <returns>The service collection, to chain <see cref="AddOmsWebhookHandler{TEvent, THandler}"/>.</returns>
    /// <example><code>
    /// builder.Services.AddOmsWebhooks(builder.Configuration.GetSection("Oms"))
    ///     .AddOmsWebhookHandler&lt;CustomerEndorsementGrantedEvent, GrantedHandler&gt;();
    /// </code></example>
    public static IServiceCollection AddOmsWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddOmsWebhooks(o => OmsWebhookConfiguration.Apply(configuration, o));
    }

    /// <summary>
    /// Registers the webhook endpoint's services with the secrets read from a configuration section (as
    /// <see cref="AddOmsWebhooks(IServiceCollection, IConfiguration)"/>), then adjusted in code: <paramref name="configure"/>
    /// runs after the section is read, so code wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>WebhookSecret</c>, for example <c>builder.Configuration.GetSection("Oms")</c>.</param>
    /// <param name="configure">Sets what configuration does not carry (a clock, a handler timeout).</param>
    /// <returns>The service collection, to chain <see cref="AddOmsWebhookHandler{TEvent, THandler}"/>.</returns>
    public static IServiceCollection AddOmsWebhooks(this IServiceCollection services, IConfiguration configuration, Action<OmsWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddOmsWebhooks(o =>
        {
            OmsWebhookConfiguration.Apply(configuration, o);
            configure(o);
        });
    }

    /// <summary>
    /// Registers a handler for one event type (scoped: resolved per delivery from the request's scope). Several handlers
    /// of one type run in registration order; registering the same handler twice has no effect.
    /// </summary>
    /// <typeparam name="TEvent">
    /// <see cref="CustomerEndorsementGrantedEvent"/>, <see cref="CustomerEvent"/>, <see cref="UnknownOmsEvent"/>, or
    /// <see cref="OmsWebhookEvent"/> for every event.
    /// </typeparam>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOmsWebhookHandler<TEvent, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IServiceCollection services)
        where TEvent : OmsWebhookEvent
        where THandler : class, IOmsWebhookHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IOmsWebhookHandler<TEvent>, THandler>());
        return services;
    }

    private static OmsWebhookOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<OmsWebhookOptions>>().Value;
}
