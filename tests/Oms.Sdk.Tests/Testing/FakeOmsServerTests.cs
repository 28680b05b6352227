using System.Net;
using System.Net.Sockets;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>The fake OMS itself: start-up, options and disposal.</summary>
public sealed class FakeOmsServerTests
{
    [Fact]
    public async Task Start_listens_on_loopback_under_the_version_path_with_sandbox_style_credentials()
    {
        await using var oms = FakeOmsServer.Start();

        Assert.Equal("127.0.0.1", oms.BaseAddress.Host);
        Assert.Equal("/v0.9", oms.BaseAddress.AbsolutePath);
        Assert.StartsWith("sk_sdbx_fake_", oms.ApiKey, StringComparison.Ordinal);
        Assert.Matches("^whsec_[0-9a-f]{64}$", oms.WebhookSecret);
        var options = oms.CreateClientOptions();
        Assert.Equal((oms.BaseAddress, oms.ApiKey, oms.ApiSecret), (options.BaseAddress, options.ApiKey, options.ApiSecret));
    }

    [Fact]
    public async Task A_custom_version_path_is_served_and_the_client_follows_it()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { ApiVersionPath = "/v0.13" });
        using var client = Client(oms);

        await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Equal("/v0.13", oms.BaseAddress.AbsolutePath);
        Assert.Single(oms.Customers);
    }

    [Fact]
    public void Invalid_options_are_refused_at_start()
    {
        Assert.Throws<ArgumentException>(() => FakeOmsServer.Start(new FakeOmsServerOptions { ApiVersionPath = "v0.9" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FakeOmsServer.Start(new FakeOmsServerOptions { TokenLifetime = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => FakeOmsServer.Start(new FakeOmsServerOptions { WebhookSecret = "whsec_" }));
    }

    [Fact]
    public async Task Dispose_stops_the_server()
    {
        var oms = FakeOmsServer.Start();
        using var http = new HttpClient();
        var tokenUrl = new Uri(oms.BaseAddress + TokenPath);

        oms.Dispose();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(tokenUrl, Json("{}"), Ct));
    }

    [Fact]
    public async Task A_given_port_is_listened_on_and_served()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { Port = port });
        using var client = Client(oms);
        await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/v0.9"), oms.BaseAddress);
        Assert.Single(oms.Customers);
    }

    [Fact]
    public async Task Port_null_or_zero_picks_a_free_port_and_an_impossible_port_is_refused()
    {
        await using var byDefault = FakeOmsServer.Start();
        await using var zero = FakeOmsServer.Start(new FakeOmsServerOptions { Port = 0 });

        Assert.NotEqual(0, byDefault.BaseAddress.Port);
        Assert.NotEqual(0, zero.BaseAddress.Port);
        Assert.NotEqual(byDefault.BaseAddress.Port, zero.BaseAddress.Port);
        foreach (var impossible in new[] { -1, 65536 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => FakeOmsServer.Start(new FakeOmsServerOptions { Port = impossible }));
            Assert.Equal("Port", error.ParamName);
        }
    }
}
