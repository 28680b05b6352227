using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Oms.Sdk.Webhooks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the OMS webhook endpoint.</summary>
public static class OmsWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c> to the OMS webhook receiver: it reads the raw body (413 beyond
    /// <see cref="OmsWebhookOptions.MaxBodySize"/>), verifies it (400 with an empty body; the reason goes to the log), and
    /// claims it in the <see cref="IOmsWebhookInbox"/>: a delivery handled already gets 204 (handlers not run); one another
    /// attempt is handling gets 409 with <c>Retry-After</c>; when the inbox cannot answer, 503 with <c>Retry-After</c>
    /// (nothing run). A claimed delivery runs the handlers registered for its event and gets 204 (204 too when there are
    /// none), or 500 when a handler throws or overruns <see cref="OmsWebhookOptions.HandlerTimeout"/>, so OMS retries.
    /// </summary>
    /// <param name="endpoints">The route builder, for example the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route, for example <c>/webhooks/oms</c>: the URL you give OMS for the endpoint.</param>
    /// <returns>The endpoint's convention builder, to add metadata such as rate limiting or host filtering.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddOmsWebhooks(…)</c> was not called.</exception>
    /// <example><code>app.MapOmsWebhooks("/webhooks/oms");</code></example>
    public static IEndpointConventionBuilder MapOmsWebhooks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(OmsWebhookEndpoint)) == false)
        {
            throw new InvalidOperationException("MapOmsWebhooks needs services.AddOmsWebhooks(o => o.Secrets = [...]) to be called first.");
        }

        // Resolved per request, so invalid options fail host start-up (ValidateOnStart), not this call.
        RequestDelegate handle = context => context.RequestServices.GetRequiredService<OmsWebhookEndpoint>().HandleAsync(context);
        return endpoints.MapPost(pattern, handle).WithDisplayName("OMS webhooks");
    }
}
