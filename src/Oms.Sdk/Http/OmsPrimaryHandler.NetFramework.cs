using System.Net;
using Oms.Sdk.DependencyInjection;

namespace Oms.Sdk.Http;

/// <summary>
/// .NET Framework's SDK transport: .NET Framework has no <c>SocketsHttpHandler</c>, so the SDK builds on
/// <see cref="HttpClientHandler"/> (HttpWebRequest and ServicePoint underneath) and sets it up to keep the same promises
/// as the .NET 8+ handler (<c>OmsPrimaryHandler.cs</c>). What differs is in docs/configuration.md.
/// </summary>
internal static class OmsPrimaryHandler
{
    /// <summary>Creates the handler for <paramref name="options"/> (validated first).</summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Redirects are never followed (a 3xx reaches the SDK, which reports it).</item>
    /// <item>Bodies are decompressed here (gzip and deflate: .NET Framework has no Brotli), so
    /// <see cref="OmsClientOptions.MaxResponseBodySize"/> counts the bytes the parser would hold.</item>
    /// <item>Connections are not capped at .NET Framework's default of two per host: the handler allows as many as
    /// SocketsHttpHandler does (unlimited).</item>
    /// <item>A pooled connection lives at most <see cref="OmsClientOptions.PooledConnectionLifetime"/> (the host's
    /// ServicePoint lease), so DNS changes are still seen.</item>
    /// </list>
    /// </remarks>
    public static HttpClientHandler Create(OmsClientOptions options)
    {
        OmsClientOptionsValidator.ThrowIfInvalid(options);
        return new LeasedConnectionsHandler(options.PooledConnectionLifetime)
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = int.MaxValue,
            // No cookies: OMS authenticates with the bearer token alone, and a cookie a server sets must not ride along.
            UseCookies = false,
        };
    }

    /// <summary>Sets the lease of the ServicePoint each request goes through, the .NET Framework form of a pooled connection lifetime.</summary>
    private sealed class LeasedConnectionsHandler(TimeSpan lifetime) : HttpClientHandler
    {
        private readonly int _leaseMilliseconds = lifetime == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Min(lifetime.TotalMilliseconds, int.MaxValue);

        public int LeaseMilliseconds => _leaseMilliseconds;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { IsAbsoluteUri: true } uri)
            {
                var servicePoint = ServicePointManager.FindServicePoint(uri);
                if (servicePoint.ConnectionLeaseTimeout != _leaseMilliseconds)
                {
                    servicePoint.ConnectionLeaseTimeout = _leaseMilliseconds;
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
