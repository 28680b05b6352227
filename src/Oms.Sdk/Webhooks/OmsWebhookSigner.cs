using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Signs webhook deliveries the way OMS does (Standard Webhooks, <c>v1</c> HMAC-SHA256), for tests of your own
/// receiver and for the fake OMS. Thread-safe.
/// </summary>
/// <example><code>
/// var signer = new OmsWebhookSigner("whsec_...");
/// string signature = signer.Sign("msg_123", DateTimeOffset.UtcNow, body); // "v1,..."
/// </code></example>
public sealed class OmsWebhookSigner
{
    private readonly byte[] _key;

    /// <summary>Creates a signer for an endpoint secret.</summary>
    /// <param name="secret">The endpoint's secret: <c>whsec_</c> + 64 hex digits (OMS), or <c>whsec_</c> + base64 (Standard Webhooks).</param>
    /// <exception cref="ArgumentException">The secret is neither form.</exception>
    public OmsWebhookSigner(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _key = OmsWebhookSecret.ReadKeys(secret, nameof(secret))[0];
    }

    /// <summary>Signs a delivery.</summary>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header's instant (sent as Unix seconds).</param>
    /// <param name="body">The raw body bytes, exactly as sent.</param>
    /// <returns>The <c>webhook-signature</c> header value, <c>v1,&lt;base64&gt;</c>.</returns>
    public string Sign(string webhookId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, content));
    }
}
