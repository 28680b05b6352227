using System.CommandLine;
using System.Text.Json;
using Oms.Sdk.Testing;
using Oms.Sdk.Tool.Console;

namespace Oms.Sdk.Tool.Fake;

/// <summary><c>oms fake</c>: runs <see cref="FakeOmsServer"/> standalone, with its HTTP controls on, until Ctrl+C or SIGTERM.</summary>
internal static class FakeCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "The port on 127.0.0.1 (default: a free port, printed).", HelpName = "N" }.InRange(1, 65535);
        var webhookUrl = ToolOptions.Url("--webhook-url", "Send every webhook (endorsement grants and rejections) to this URL; add more over HTTP (POST /_fake/webhook-receivers).", required: false);
        var json = ToolOptions.Json("Print the addresses and credentials as one JSON object on one line, for scripts.");
        var manual = new Option<bool>("--manual-endorsements")
        {
            Description = "Leave requested endorsements pending until granted or rejected (over HTTP: POST /_fake/customers/{id}/endorsements/{name}/grant). Default: approved at once, like the OMS sandbox.",
        };
        var apiKey = new Option<string?>("--api-key") { Description = "The API key to accept (default: a random sk_sdbx_fake_… key)." };
        var apiSecret = new Option<string?>("--api-secret") { Description = "The API secret to accept (default: random)." };
        var webhookSecret = new Option<string?>("--webhook-secret") { Description = "The secret to sign webhooks with (default: a random whsec_ + 64 hex digits).", HelpName = "whsec_…" };
        var command = new Command("fake", "Run the fake OMS on 127.0.0.1 until Ctrl+C (or SIGTERM), for tests in any language. Prints its base address, API key and secret, webhook secret and the address of its HTTP controls (/_fake/: grant an endorsement, inject a fault, add a webhook receiver).")
        {
            port, webhookUrl, json, manual, apiKey, apiSecret, webhookSecret,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var console = OmsCommandLine.Console(parsed);
            var options = new FakeOmsServerOptions
            {
                Port = parsed.GetValue(port),
                EndorsementMode = parsed.GetValue(manual) ? FakeOmsEndorsementMode.Manual : FakeOmsEndorsementMode.AutoApprove,
                ApiKey = parsed.GetValue(apiKey),
                ApiSecret = parsed.GetValue(apiSecret),
                WebhookSecret = parsed.GetValue(webhookSecret),
                EnableControlRoutes = true,
            };
            return await RunAsync(console, options, parsed.GetValue(webhookUrl), parsed.GetValue(json), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ToolConsole console, FakeOmsServerOptions options, string? webhookUrl, bool json, CancellationToken cancellationToken)
    {
        FakeOmsServer server;
        try
        {
            server = FakeOmsServer.Start(options);
        }
        catch (ArgumentException e)
        {
            console.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or AggregateException)
        {
            console.Error($"The fake OMS could not start{(options.Port is { } p ? $" on port {p}" : string.Empty)}: {e.GetBaseException().Message}");
            return ExitCodes.Failure;
        }

        await using (server.ConfigureAwait(false))
        {
            if (webhookUrl is not null)
            {
                server.AddWebhookReceiver(new Uri(webhookUrl));
            }

            if (json)
            {
                console.Line(JsonSerializer.Serialize(
                    new FakeOmsAddresses(server.BaseAddress.ToString(), server.ApiKey, server.ApiSecret, server.WebhookSecret, server.ControlAddress!.ToString(), webhookUrl),
                    FakeOmsJsonContext.Default.FakeOmsAddresses));
            }
            else
            {
                console.Good("Fake OMS running", $" at {server.BaseAddress}");
                console.Line($"  OMS_BASE_URL={server.BaseAddress}");
                console.Line($"  OMS_API_KEY={server.ApiKey}");
                console.Line($"  OMS_API_SECRET={server.ApiSecret}");
                console.Line($"  webhook secret: {server.WebhookSecret}");
                console.Line($"  controls:       {server.ControlAddress}  (see docs/developing-locally.md)");
                console.Line($"  webhooks to:    {webhookUrl ?? "(none; --webhook-url or POST /_fake/webhook-receivers)"}");
            }

            // A script reading the first line must get it now, not when a buffer fills.
            await console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            console.Note("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                console.Note("Stopping the fake OMS.");
            }
        }

        return ExitCodes.Success;
    }
}
