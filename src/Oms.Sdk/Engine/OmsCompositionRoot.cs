using Microsoft.Extensions.Logging;
using Oms.Sdk.Auth;
using Oms.Sdk.Customers;
using Oms.Sdk.Http;
using Oms.Sdk.Resilience;
using Refit;

namespace Oms.Sdk.Engine;

/// <summary>
/// The one composition root: how an OMS client is put together, for <c>new OmsClient(...)</c> and
/// <c>services.AddOmsClient(...)</c> alike. The request's path, outside in: the call engine, the Refit proxy (one per
/// client), <see cref="OmsRequestHeadersHandler"/> (the caller's extra headers, once per call), <see cref="OmsResilienceHandler"/> (total timeout, retry, attempt timeout; counts attempts),
/// <see cref="BearerTokenHandler"/> (the token, one 401 replay), <see cref="OmsResponseBodyHandler"/> (redirects refused,
/// the body read once and bounded, transport failures without server text), then the primary handler that opens
/// connections (the SDK's <see cref="OmsPrimaryHandler"/>, or the caller's).
/// </summary>
internal static class OmsCompositionRoot
{
    private static readonly RefitSettings Settings = OmsRefitSettings.Create();

    /// <summary>The handler that opens connections, for both paths. The one place it is made.</summary>
    public static HttpMessageHandler CreatePrimaryHandler(OmsClientOptions options) => OmsPrimaryHandler.Create(options);

    /// <summary>Adds the SDK's handlers, outermost first, to <paramref name="handlers"/> (a chain being built, or IHttpClientFactory's list).</summary>
    public static void AddHandlers(IList<DelegatingHandler> handlers, OmsClientOptions options, OmsTokenSource tokens, ILogger logger)
    {
        handlers.Add(new OmsRequestHeadersHandler());
        handlers.Add(new OmsResilienceHandler(OmsResiliencePipeline.Build(options.Resilience, options.TimeProvider, logger), logger));
        handlers.Add(new BearerTokenHandler(tokens));
        handlers.Add(new OmsResponseBodyHandler(options.MaxResponseBodySize));
    }

    /// <summary>The standalone chain: the SDK's handlers over <paramref name="primary"/>, for options already validated.</summary>
    public static HttpMessageHandler CreateChain(OmsClientOptions options, ILogger logger, HttpMessageHandler primary)
    {
        var handlers = new List<DelegatingHandler>(4);
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
    public static ICustomersClient CreateCustomers(HttpClient httpClient, OmsCallEngine engine, OmsClientOptions options, OmsEndorsementSignals? signals) =>
        new CustomersClient(RestService.ForGenerated<IOmsCustomersApi>(httpClient, Settings), engine, options.TimeProvider, signals);
}
