using Oms.Sdk.Engine;

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
        : this(options, OmsPipeline.CreatePrimaryHandler(options), ownsHandler: true)
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
        _ownedHttpClient = new HttpClient(OmsPipeline.CreateChain(options, logger, handler), disposeHandler: ownsHandler);
        OmsPipeline.ConfigureHttpClient(_ownedHttpClient, options);
        Customers = OmsPipeline.CreateCustomers(_ownedHttpClient, options, logger, options.EndorsementSignals);
    }

    /// <summary>
    /// Used by the DI registration: the HTTP client comes from <c>IHttpClientFactory</c> with the pipeline already on it, and
    /// endorsement waits listen to the container's <see cref="OmsEndorsementSignals"/> unless the options name one.
    /// </summary>
    internal OmsClient(HttpClient httpClient, OmsClientOptions options, Microsoft.Extensions.Logging.ILogger logger, OmsEndorsementSignals signals)
    {
        Customers = OmsPipeline.CreateCustomers(httpClient, options, logger, options.EndorsementSignals ?? signals);
    }

    /// <inheritdoc />
    public ICustomersClient Customers { get; }

    /// <summary>Releases the connections this client owns. A client from DI is disposed by the container.</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();
}
