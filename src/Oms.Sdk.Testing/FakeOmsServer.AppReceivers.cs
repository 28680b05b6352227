using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Oms.Sdk.Testing;

/// <summary>Webhook receivers inside an app under test (a <c>WebApplicationFactory</c>'s, or any ASP.NET Core host).</summary>
public sealed partial class FakeOmsServer
{
    /// <summary>
    /// Registers the webhook endpoint of a running ASP.NET Core app as a receiver: <paramref name="path"/> at the first
    /// address its server listens on. With a <c>WebApplicationFactory</c>, call <c>factory.UseKestrel(0)</c> before it starts
    /// (.NET 10) and pass <c>factory.Services</c>: its default in-memory TestServer cannot be reached from outside the
    /// test's own <c>HttpClient</c>, so a delivery to <c>Server.BaseAddress</c> would fail.
    /// </summary>
    /// <param name="appServices">The app's services, for example <c>factory.Services</c> (which starts the app).</param>
    /// <param name="path">The path given to <c>MapOmsWebhooks</c>, for example <c>/webhooks/oms</c>.</param>
    /// <returns>The URL registered.</returns>
    /// <exception cref="InvalidOperationException">The app's server listens on no network address (an in-memory TestServer); the message says what to do.</exception>
    /// <example><code>
    /// factory.UseKestrel(0);                                             // a real port, so the fake can POST to the app
    /// oms.AddWebhookReceiver(factory.Services, "/webhooks/oms");
    /// </code></example>
    public Uri AddWebhookReceiver(IServiceProvider appServices, string path)
    {
        ArgumentNullException.ThrowIfNull(appServices);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var server = appServices.GetService<IServer>()
            ?? throw new InvalidOperationException("The app's services hold no IServer: pass the services of a started ASP.NET Core app, such as factory.Services.");
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"The app's server ({server.GetType().Name}) listens on no network address, so the fake OMS cannot deliver webhooks to it: "
                + "a WebApplicationFactory's TestServer is in memory. Call factory.UseKestrel(0) before the factory starts (before "
                + "factory.Services, CreateClient or StartServer), then pass factory.Services here.");

        var url = new Uri(Reachable(address), path);
        AddWebhookReceiver(url);
        return url;
    }

    /// <summary>A listening address as the fake can connect to it: a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) becomes loopback.</summary>
    private static Uri Reachable(string address)
    {
        var hostStart = address.IndexOf("://", StringComparison.Ordinal) + 3;
        var portStart = address.LastIndexOf(':');
        var host = hostStart > 2 && portStart > hostStart ? address[hostStart..portStart] : string.Empty;
        return new Uri(host is "+" or "*" or "0.0.0.0" or "[::]" ? address[..hostStart] + "127.0.0.1" + address[portStart..] : address);
    }
}
