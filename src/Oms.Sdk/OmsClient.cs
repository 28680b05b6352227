using Microsoft.Extensions.Http.Resilience;
using Oms.Sdk.Auth;
using Oms.Sdk.Customers;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;
using Polly;
using Refit;

namespace Oms.Sdk;

/// <summary>
/// The OMS client. Thread-safe; create one per OMS account and keep it for the life of the application
/// (or register it with <c>services.AddOmsClient(...)</c>).
/// </summary>
/// <example><code>
/// using var client = new OmsClient(new OmsClientOptions { ApiKey = "sk_sdbx_...", ApiSecret = secret });
/// Customer customer = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" });
/// </code></example>
public sealed class OmsClient : IOmsClient, IDisposable
{
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Creates a client that owns a pooled connection handler (connection lifetime <see cref="OmsClientOptions.PooledConnectionLifetime"/>).</summary>
    /// <param name="options">The settings; validated now.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public OmsClient(OmsClientOptions options)
        : this(options, OmsPrimaryHandler.Create(options), ownsHandler: true)
    {
    }

    /// <summary>Creates a client that sends through <paramref name="handler"/> (a test or benchmark handler, or your own).</summary>
    /// <param name="options">The settings; validated now.</param>
    /// <param name="handler">
    /// The handler below the SDK's pipeline. Not disposed by the client. It is yours: the SDK's own transport never follows
    /// redirects and decompresses before counting <see cref="OmsClientOptions.MaxResponseBodySize"/>; a handler of yours
    /// does what you configured (a 3xx it hands up is still refused).
    /// </param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public OmsClient(OmsClientOptions options, HttpMessageHandler handler)
        : this(options, handler ?? throw new ArgumentNullException(nameof(handler)), ownsHandler: false)
    {
    }

    private OmsClient(OmsClientOptions options, HttpMessageHandler handler, bool ownsHandler)
    {
        OmsClientOptionsValidator.ThrowIfInvalid(options);
        var logger = options.CreateLogger();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        OmsResiliencePipeline.Configure(pipeline, options.Resilience, options.TimeProvider, logger);
        var chain = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new BearerTokenHandler(OmsTokenSource.Create(options, logger), logger) { InnerHandler = handler },
        };
        _ownedHttpClient = new HttpClient(chain, disposeHandler: ownsHandler) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        Customers = new CustomersClient(RestService.ForGenerated<IOmsCustomersApi>(_ownedHttpClient, OmsRefitSettings.Create()), options, logger);
    }

    /// <summary>Used by the DI registration: the HTTP client comes from <c>IHttpClientFactory</c> with the pipeline already on it.</summary>
    internal OmsClient(IOmsCustomersApi api, OmsClientOptions options, Microsoft.Extensions.Logging.ILogger logger)
    {
        Customers = new CustomersClient(api, options, logger);
    }

    /// <inheritdoc />
    public ICustomersClient Customers { get; }

    /// <summary>Releases the connections this client owns. A client from DI is disposed by the container.</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();
}
