using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Webhooks;
using StackExchange.Redis;

namespace Oms.Sdk.Benchmarks;

/// <summary>
/// Deliveries through one receiver (MapOmsWebhooks on Kestrel, 127.0.0.1, a handler that does nothing), one new
/// <c>webhook-id</c> each, signed by the sender in the loop: with the in-memory inbox and with the Redis inbox (a local
/// <c>redis-server</c> started for the run), one at a time and 16 at once. At the end, the Redis round trips per delivery
/// read from <c>INFO commandstats</c>. Needs <c>redis-server</c> on PATH (<c>apt-get install redis-server</c>).
/// </summary>
[MemoryDiagnoser]
public class WebhookInboxBenchmarks
{
    private const string Secret = "whsec_3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d";
    private const int Concurrent = 16;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type": "wallet.depositDetected", "timestamp": "2026-01-15T10:30:00Z", "data": {"walletId": "wlt_1"}}""");

    private readonly OmsWebhookSigner _signer = new(Secret);
    private Process? _redis;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _url = null!;
    private int _redisPort;
    private long _sent;

    [Params("memory", "redis")]
    public string Inbox { get; set; } = "memory";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOmsWebhooks(o => o.Secrets = [Secret]).AddOmsWebhookHandler<UnknownOmsEvent, NothingHandler>();
        if (Inbox == "redis")
        {
            _redisPort = StartRedis();
            builder.Services.AddOmsWebhookRedisInbox($"127.0.0.1:{_redisPort}");
        }

        _app = builder.Build();
        _app.MapOmsWebhooks("/webhooks/oms");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _url = new Uri(new Uri(address), "/webhooks/oms");
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrent });
        await DeliverAsync(); // connects (and loads the Redis scripts)
    }

    [Benchmark(Description = "one delivery")]
    public Task One() => DeliverAsync();

    [Benchmark(Description = "16 deliveries at once", OperationsPerInvoke = Concurrent)]
    public Task Sixteen() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => DeliverAsync()));

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_redis is not null)
        {
            await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redisPort},allowAdmin=true");
            var stats = (await admin.GetServer("127.0.0.1", _redisPort).InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
            long Calls(string command) => stats.TryGetValue("cmdstat_" + command, out var v) ? long.Parse(v.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture) : 0;

            // A complete script runs one GET and one SET inside Redis; commandstats counts those too, so they are taken off.
            var scripts = Calls("evalsha") + Calls("eval");
            var roundTrips = (Calls("set") - scripts) + (Calls("get") - scripts) + scripts;
            Console.WriteLine($"// Redis round trips per delivery (INFO commandstats): {(double)roundTrips / _sent:0.00} over {_sent} deliveries");
            _redis.Kill();
            _redis.Dispose();
        }

        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task DeliverAsync()
    {
        var id = "msg_bench_" + Interlocked.Increment(ref _sent).ToString(CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(Body) };
        request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.IdHeader, id);
        request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.TimestampHeader, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(OmsWebhookVerifier.SignatureHeader, _signer.Sign(id, now, Body));
        using var response = await _client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"delivery {id} answered {(int)response.StatusCode}");
        }
    }

    private int StartRedis()
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _redisPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var directory = Directory.CreateTempSubdirectory("oms-bench-redis-").FullName;
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = directory };
        foreach (var argument in new[] { "--port", _redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
        {
            start.ArgumentList.Add(argument);
        }

        _redis = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, _redisPort);
                return _redisPort;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException("redis-server did not accept connections within 4 s.");
    }

    private sealed class NothingHandler : IOmsWebhookHandler<UnknownOmsEvent>
    {
        public Task HandleAsync(UnknownOmsEvent evt, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
