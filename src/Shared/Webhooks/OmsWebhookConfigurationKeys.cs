namespace Oms.Sdk.Webhooks;

/// <summary>
/// The keys of the webhook settings inside the app's <c>Oms</c> configuration section, beside the client's <c>ApiKey</c>:
/// read by <c>AddOmsWebhooks(IConfiguration)</c> (Oms.Sdk.AspNetCore) and known to <c>AddOmsClient(IConfiguration)</c>'s
/// check for misspelt keys (Oms.Sdk), so the two agree. Compiled into both as source (src/Shared).
/// </summary>
internal static class OmsWebhookConfigurationKeys
{
    /// <summary>The endpoint's <c>whsec_…</c> secret.</summary>
    public const string WebhookSecret = "WebhookSecret";

    /// <summary>The secret before a rotation, accepted beside <see cref="WebhookSecret"/> until OMS signs with the new one only.</summary>
    public const string PreviousWebhookSecret = "PreviousWebhookSecret";

    public static readonly string[] All = [WebhookSecret, PreviousWebhookSecret];
}
