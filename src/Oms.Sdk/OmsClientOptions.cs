using System.Text;
using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>Settings of an <see cref="OmsClient"/>. Validated when the client is built (or at host start-up with DI).</summary>
/// <remarks><see cref="ToString"/> never prints <see cref="ApiSecret"/>.</remarks>
public sealed class OmsClientOptions
{
    /// <summary>The API key, <c>sk_sdbx_…</c> for sandbox or <c>sk_live_…</c> for production. Required unless <see cref="TokenProvider"/> is set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API secret that goes with <see cref="ApiKey"/>. Required unless <see cref="TokenProvider"/> is set. Never logged or printed.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>
    /// The absolute base address: environment plus version. Defaults to <see cref="OmsEnvironment.Sandbox"/>.
    /// Must be <c>https</c>, except on a loopback host (a local fake). For OMS's own hosts it must end in a version segment
    /// (<c>/v0.9</c>), and a sandbox key (<c>sk_sdbx_</c>) or production key (<c>sk_live_</c>) must match the host.
    /// </summary>
    public Uri BaseAddress { get; set; } = OmsEnvironment.Sandbox;

    /// <summary>Retry and timeout settings.</summary>
    public OmsResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Supplies bearer tokens yourself instead of the SDK exchanging <see cref="ApiKey"/> and <see cref="ApiSecret"/>.
    /// When set, the key and secret are not needed.
    /// </summary>
    public IOmsTokenProvider? TokenProvider { get; set; }

    /// <summary>
    /// Where the SDK logs (category <c>Oms.Sdk</c>): attempts, retries and token exchanges at debug, a failed call once at
    /// warning. With DI the container's factory is used when this is not set.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock for token expiry, retry delays and endorsement waits. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where <see cref="ICustomersClient.WaitForEndorsementAsync"/> hears that OMS granted an endorsement, so that it returns
    /// before its next poll. With DI the container's one (fed by <c>Oms.Sdk.AspNetCore</c>'s webhook endpoint) is used when
    /// this is not set; a standalone client without one only polls.
    /// </summary>
    public OmsEndorsementSignals? EndorsementSignals { get; set; }

    /// <summary>How long a pooled connection lives before it is replaced (so DNS changes are seen). Default 5 minutes.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="MaxResponseBodySize"/>: 8 MiB.</summary>
    public const long DefaultMaxResponseBodySize = 8 * 1024 * 1024;

    /// <summary>
    /// The most bytes of one answer the SDK reads, counted after decompression. Default 8 MiB
    /// (<see cref="DefaultMaxResponseBodySize"/>), about three times the largest page OMS can legitimately send (100
    /// customers with wallets, endorsements and full metadata is under 3 MiB); allowed 16 KiB to 1 GiB.
    /// </summary>
    /// <remarks>
    /// A success answer that declares more (<c>Content-Length</c>) is refused before its body is read; one that streams
    /// more is refused as soon as it passes the limit, so no more than the limit is ever held. Either ends the call with
    /// an <see cref="OmsUnexpectedResponseException"/> naming this setting, and is not retried. Of an error answer only the
    /// first 64 KiB are read (its status still counts). A handler you pass to <see cref="OmsClient(OmsClientOptions, HttpMessageHandler)"/>
    /// is yours: if it does not decompress, the limit counts the compressed bytes.
    /// </remarks>
    public long MaxResponseBodySize { get; set; } = DefaultMaxResponseBodySize;

    /// <summary>
    /// Set when the options were bound from a configuration section that is missing, empty or holds only unknown keys, so
    /// that validation can say that rather than only "ApiKey is required".
    /// </summary>
    internal string? ConfigurationProblem { get; set; }

    /// <summary>Set when the bound Resilience subsection holds keys the SDK does not read (a misspelt setting).</summary>
    internal string? ResilienceConfigurationProblem { get; set; }

    /// <summary>Describes the options without the secret.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("OmsClientOptions { BaseAddress = ")
            .Append(BaseAddress?.GetLeftPart(UriPartial.Path))
            .Append(", ApiKey = ").Append(ApiKey is null ? "(none)" : MaskKey(ApiKey))
            .Append(", ApiSecret = ").Append(ApiSecret is null ? "(none)" : Redacted.Text)
            .Append(", TokenProvider = ").Append(TokenProvider is null ? "(none)" : TokenProvider.GetType().Name)
            .Append(", Resilience = ").Append(Resilience)
            .Append(" }");
        return text.ToString();
    }

    internal Microsoft.Extensions.Logging.ILogger CreateLogger(IServiceProvider? services = null) =>
        (LoggerFactory
            ?? (services?.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory)) as Microsoft.Extensions.Logging.ILoggerFactory)
            ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger(Diagnostics.OmsLog.Category);

    private static string MaskKey(string key)
    {
        var prefix = key.StartsWith("sk_sdbx_", StringComparison.Ordinal) ? "sk_sdbx_"
            : key.StartsWith("sk_live_", StringComparison.Ordinal) ? "sk_live_"
            : string.Empty;
        return prefix + "…" + (key.Length > prefix.Length + 8 ? key[^4..] : string.Empty);
    }
}
