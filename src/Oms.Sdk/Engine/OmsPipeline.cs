using Microsoft.Extensions.Logging;
using Oms.Sdk.Auth;
using Oms.Sdk.Customers;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;
using Refit;

namespace Oms.Sdk.Engine;

/// <summary>
/// The one composition root: how an OMS client is put together, for <c>new OmsClient(...)</c> and
/// <c>services.AddOmsClient(...)</c> alike. From the outside in: the call engine, the Refit proxy (one per client), the
/// resilience handler (total timeout, retry, attempt timeout), the bearer token handler (per attempt), then the primary
/// handler that opens connections.
/// </summary>
internal static class OmsPipeline
{
    private static readonly RefitSettings Settings = OmsRefitSettings.Create();

    /// <summary>The handler that opens connections, for both paths. The one place it is made.</summary>
    public static HttpMessageHandler CreatePrimaryHandler(OmsClientOptions options) => OmsPrimaryHandler.Create(options);

    /// <summary>Adds the SDK's handlers, outermost first, to <paramref name="handlers"/> (a chain being built, or IHttpClientFactory's list).</summary>
    public static void AddHandlers(IList<DelegatingHandler> handlers, OmsClientOptions options, OmsTokenSource tokens, ILogger logger)
    {
        handlers.Add(new OmsResilienceHandler(OmsResiliencePipeline.Build(options.Resilience, options.TimeProvider, logger)));
        handlers.Add(new BearerTokenHandler(tokens, logger));
    }

    /// <summary>The standalone chain: the SDK's handlers over <paramref name="primary"/>.</summary>
    public static HttpMessageHandler CreateChain(OmsClientOptions options, ILogger logger, HttpMessageHandler primary)
    {
        var handlers = new List<DelegatingHandler>(2);
        AddHandlers(handlers, options, OmsTokenSource.Create(options, logger), logger);
        var inner = primary;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = inner;
            inner = handlers[i];
        }

        return inner;
    }

    /// <summary>Points <paramref name="client"/> at OMS. The pipeline's timeouts govern, so the client's own is off.</summary>
    public static void ConfigureHttpClient(HttpClient client, OmsClientOptions options)
    {
        client.BaseAddress = options.BaseAddress;
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>
    /// The resource clients over <paramref name="httpClient"/>, which already carries the chain: one Refit proxy, one engine.
    /// Endorsement waits listen to <paramref name="signals"/> (none: they only poll).
    /// </summary>
    public static ICustomersClient CreateCustomers(HttpClient httpClient, OmsClientOptions options, ILogger logger, OmsEndorsementSignals? signals) =>
        new CustomersClient(RestService.ForGenerated<IOmsCustomersApi>(httpClient, Settings), new OmsCallEngine(options, logger), options.TimeProvider, signals);
}
