using Microsoft.Extensions.Configuration;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Reads the webhook secrets from the app's OMS configuration section (<see cref="OmsWebhookConfigurationKeys"/>), and
/// remembers which key a missing secret should have been given under, for the start-up message.
/// </summary>
internal static class OmsWebhookConfiguration
{
    public static void Apply(IConfiguration configuration, OmsWebhookOptions options)
    {
        var current = configuration[OmsWebhookConfigurationKeys.WebhookSecret];
        var previous = configuration[OmsWebhookConfigurationKeys.PreviousWebhookSecret];
        if (string.IsNullOrEmpty(current))
        {
            options.Secrets = [];
            options.MissingSecretKey = Key(configuration, OmsWebhookConfigurationKeys.WebhookSecret);
            return;
        }

        options.Secrets = string.IsNullOrEmpty(previous) ? [current] : [current, previous];
        options.MissingSecretKey = null;
    }

    /// <summary>The full key, such as <c>Oms:WebhookSecret</c>.</summary>
    private static string Key(IConfiguration configuration, string key) =>
        configuration is IConfigurationSection { Path.Length: > 0 } section ? ConfigurationPath.Combine(section.Path, key) : key;
}
