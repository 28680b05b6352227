using Oms.Sdk.DependencyInjection;

namespace Oms.Sdk.Http;

/// <summary>
/// The one place the SDK's own transport is built: the connection handler below the pipeline of a standalone
/// <see cref="OmsClient"/> and of <c>AddOmsClient</c> alike. A handler the caller passes in instead is the caller's.
/// </summary>
internal static class OmsPrimaryHandler
{
    /// <summary>Creates the handler for <paramref name="options"/> (validated first).</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Redirects are never followed: a redirect would re-send the API key and secret, the bearer token or a
    /// create's PII to a host nobody configured. A 3xx reaches the SDK, which reports it (see <see cref="OmsResponseBodyHandler"/>).</item>
    /// <item>Bodies are decompressed here, so <see cref="OmsClientOptions.MaxResponseBodySize"/> counts the bytes the
    /// parser would hold (a 3 MB gzip that inflates to 3 GB stops at the limit, not after 3 GB).</item>
    /// <item>The pooled connection lifetime replaces handler rotation, so DNS changes are still seen.</item>
    /// </list>
    /// </remarks>
    public static SocketsHttpHandler Create(OmsClientOptions options)
    {
        OmsClientOptionsValidator.ThrowIfInvalid(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            // No cookies: OMS authenticates with the bearer token alone, and a cookie a server sets must not ride along.
            UseCookies = false,
        };
    }
}
