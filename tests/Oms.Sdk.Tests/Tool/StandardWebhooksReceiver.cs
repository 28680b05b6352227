using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Tests.Infrastructure;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Oms.Sdk.Tests.Tool;

/// <summary>
/// An independent webhook receiver on a free loopback port: it checks each delivery with the StandardWebhooks package
/// (not the SDK), records it, and answers with the next scripted status (200 once the script is used up), or 400 when
/// the check fails.
/// </summary>
public sealed class StandardWebhooksReceiver : IAsyncDisposable
{
    private readonly LoopbackApp _app;
    private readonly ConcurrentQueue<HttpStatusCode> _script;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();

    private StandardWebhooksReceiver(LoopbackApp app, ConcurrentQueue<HttpStatusCode> script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>The URL to send deliveries to.</summary>
    public Uri Url => new(_app.Client.BaseAddress!, "webhooks/oms");

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    /// <param name="key">The HMAC key (for an OMS secret, its 64 hex digits decoded).</param>
    /// <param name="script">The statuses to answer the first deliveries with.</param>
    public static async Task<StandardWebhooksReceiver> StartAsync(byte[] key, params HttpStatusCode[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var queue = new ConcurrentQueue<HttpStatusCode>(script);
        StandardWebhooksReceiver? receiver = null;
        var webhook = new StandardWebhook(key);
        app.MapPost("/webhooks/oms", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var payload = await reader.ReadToEndAsync(context.RequestAborted);
            bool verified;
            try
            {
                webhook.Verify(payload, context.Request.Headers);
                verified = true;
            }
            catch (WebhookVerificationException)
            {
                verified = false;
            }

            receiver!._received.Enqueue(new ReceivedDelivery(
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                payload,
                verified));
            return Results.StatusCode(verified ? (int)(receiver._script.TryDequeue(out var status) ? status : HttpStatusCode.OK) : StatusCodes.Status400BadRequest);
        });
        receiver = new StandardWebhooksReceiver(await LoopbackApp.StartAsync(app, TestContext.Current.CancellationToken), queue);
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One delivery as the receiver got it, and whether StandardWebhooks accepted its signature.</summary>
public sealed record ReceivedDelivery(IReadOnlyDictionary<string, string> Headers, string Body, bool Verified);
