using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Samples.WebhookReceiver;

/// <summary>The receiver application: the OMS webhook endpoint, the handler that unlocks features, and an endpoint to see them.</summary>
public static class ReceiverApp
{
    /// <summary>The path to give OMS as the webhook endpoint's URL.</summary>
    public const string WebhookPath = "/webhooks/oms";

    /// <summary>Builds the application (not yet started).</summary>
    /// <param name="args">
    /// Command-line arguments: <c>--urls</c> says where to listen; any setting can be given as <c>--Oms:WebhookSecret=…</c>;
    /// <c>--ConnectionStrings:Redis=host:6379</c> (or <c>ConnectionStrings__Redis</c>) makes receivers share a Redis inbox.
    /// </param>
    /// <returns>The application; <c>Run</c> it, or <c>StartAsync</c> it in a test.</returns>
    /// <exception cref="InvalidOperationException"><c>Oms:WebhookSecret</c> is not configured.</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // keep the grants visible: no per-request lines

        // The endpoint's whsec_… secret, shown once by OMS when the endpoint was created. Keep it out of source control (an
        // environment variable such as Oms__WebhookSecret, or a vault); start-up checks its form and never logs it.
        var secret = builder.Configuration["Oms:WebhookSecret"];
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new InvalidOperationException(
                "Oms:WebhookSecret is not set. Give the OMS webhook endpoint's whsec_… secret, for example in the environment variable Oms__WebhookSecret.");
        }

        builder.Services.AddSingleton<FeatureUnlocks>();
        // Endorsements by their OMS names ("usd") in the JSON this app writes.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services
            .AddOmsWebhooks(o => o.Secrets = [secret])
            .AddOmsWebhookHandler<CustomerEndorsementGrantedEvent, UnlockFeaturesOnEndorsement>();

        // One receiver remembers deliveries in memory. Several behind a load balancer share a Redis, so each delivery is
        // handled once by whichever receiver gets it first, and a copy that arrives meanwhile is told to retry (409).
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddOmsWebhookRedisInbox(redis);
        }

        var app = builder.Build();

        // Verifies each delivery, claims it in the inbox, and runs the handler: 204 when handled (or handled before), 409 while
        // another attempt handles it, 400 when not authentic, 500 when the handler fails, 503 when Redis is unreachable.
        app.MapOmsWebhooks(WebhookPath);
        app.MapGet("/customers/{customerId}/features", (string customerId, FeatureUnlocks unlocks) => unlocks.For(customerId));

        return app;
    }
}
