using Microsoft.Extensions.DependencyInjection;

namespace Oms.Sdk.DependencyInjection;

/// <summary>
/// Marks in a service collection that the client of one name has its pipeline (handlers, token source, client singleton)
/// registered, so that a later <c>AddOmsClient</c> for the same name only adds its options.
/// </summary>
/// <param name="HttpClientName">The <c>IHttpClientFactory</c> name of the client.</param>
internal sealed record OmsClientRegistration(string HttpClientName)
{
    public static bool IsRegistered(IServiceCollection services, string httpClientName) =>
        services.Any(d => d.ServiceType == typeof(OmsClientRegistration) && !d.IsKeyedService
            && d.ImplementationInstance is OmsClientRegistration registration && registration.HttpClientName == httpClientName);
}
