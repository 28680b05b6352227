using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Benchmarks.Contenders;

namespace Oms.Sdk.Benchmarks.Concurrency;

/// <summary>
/// A Kestrel server on 127.0.0.1 answering the token exchange and <c>GET /customers/{id}</c> with the canned customer,
/// and an SDK client and a floor client pointed at it over real loopback sockets (HTTP/1.1, pooled connections).
/// </summary>
public sealed class LoopbackOms : IAsyncDisposable
{
    private static readonly byte[] Token = Encoding.UTF8.GetBytes("""{"accessToken":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl","tokenType":"bearer","expiresIn":3600}""");
    private static readonly byte[] Customer = Encoding.UTF8.GetBytes(CannedCustomers.Customer(0));

    private readonly WebApplication _app;
    private readonly HttpClient _floorHttp;

    private LoopbackOms(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Sdk = new OmsClient(new OmsClientOptions { ApiKey = CustomerContenders.ApiKey, ApiSecret = CustomerContenders.ApiSecret, BaseAddress = baseAddress });
        _floorHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(baseAddress + "/") };
        Floor = new FloorClient(_floorHttp, CustomerContenders.ApiKey, CustomerContenders.ApiSecret);
    }

    public OmsClient Sdk { get; }

    public FloorClient Floor { get; }

    public static async Task<LoopbackOms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v0.9/auth/token", context => Answer(context, Token));
        app.MapGet("/v0.9/customers/{id}", context => Answer(context, Customer));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var oms = new LoopbackOms(app, new Uri(address.TrimEnd('/') + "/v0.9"));
        await oms.Sdk.Customers.GetAsync(CustomerContenders.CustomerId);
        await oms.Floor.GetAsync(CustomerContenders.CustomerId);
        return oms;
    }

    public async ValueTask DisposeAsync()
    {
        Sdk.Dispose();
        _floorHttp.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Task Answer(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
