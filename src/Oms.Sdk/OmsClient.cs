using Oms.Sdk.DependencyInjection;
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
    private readonly HttpClient _httpClient;
    private readonly OmsCallEngine _engine;

    /// <summary>Creates a client that owns a pooled connection handler (connection lifetime <see cref="OmsClientOptions.PooledConnectionLifetime"/>).</summary>
    /// <param name="options">The settings; validated now.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public OmsClient(OmsClientOptions options)
        : this(options, OmsCompositionRoot.CreatePrimaryHandler(options), ownsHandler: true)
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
        // Validated once: by the primary handler for a client that owns it, here for one that sends through the caller's.
        if (!ownsHandler)
        {
            OmsClientOptionsValidator.ThrowIfInvalid(options);
        }

        var logger = options.CreateLogger();
        _ownedHttpClient = new HttpClient(OmsCompositionRoot.CreateChain(options, logger, handler), disposeHandler: ownsHandler);
        OmsCompositionRoot.ConfigureHttpClient(_ownedHttpClient, options);
        _httpClient = _ownedHttpClient;
        _engine = new OmsCallEngine(options, logger);
        Customers = OmsCompositionRoot.CreateCustomers(_httpClient, _engine, options, options.EndorsementSignals);
    }

    /// <summary>
    /// Used by the DI registration: the HTTP client comes from <c>IHttpClientFactory</c> with the pipeline already on it, and
    /// endorsement waits listen to the container's <see cref="OmsEndorsementSignals"/> unless the options name one.
    /// </summary>
    internal OmsClient(HttpClient httpClient, OmsClientOptions options, Microsoft.Extensions.Logging.ILogger logger, OmsEndorsementSignals signals)
    {
        _httpClient = httpClient;
        _engine = new OmsCallEngine(options, logger);
        Customers = OmsCompositionRoot.CreateCustomers(_httpClient, _engine, options, options.EndorsementSignals ?? signals);
    }

    /// <inheritdoc />
    public ICustomersClient Customers { get; }

    /// <inheritdoc />
    public Task<OmsRawResponse> SendAsync(OmsRequest request, CancellationToken cancellationToken = default) =>
        _engine.SendRawAsync(_httpClient, request, cancellationToken);

    /// <summary>Releases the connections this client owns. A client from DI is disposed by the container.</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();
}
