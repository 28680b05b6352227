using System.CommandLine;
using System.Globalization;
using System.Net;
using Oms.Sdk.Testing;
using Oms.Sdk.Testing.Internal;
using Oms.Sdk.Tool.Console;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tool.Trigger;

/// <summary>
/// <c>oms trigger</c>: sends one signed delivery to a receiver with the fake's own sender (same body shape, same
/// Standard Webhooks headers, same signer), redelivering as OMS does when the receiver fails.
/// </summary>
internal static class TriggerCommand
{
    public static Command Create()
    {
        var eventType = new Argument<string>("event") { Description = "The event to send. Supported: " + FakeOmsServer.EndorsementGrantedEventType + "." };
        eventType.AcceptOnlyFromAmong(FakeOmsServer.EndorsementGrantedEventType);
        var to = ToolOptions.Url("--to", "The receiver's webhook URL, for example http://localhost:5000/webhooks/oms.", required: true);
        var secret = ToolOptions.Secret("The endpoint secret to sign with (whsec_…), as your receiver is configured. Never printed.");
        var customer = new Option<string?>("--customer") { Description = "The customer id in the payload (default: a random cst_… id).", HelpName = "cst_…" };
        var endorsement = new Option<string>("--endorsement") { Description = "The endorsement granted.", DefaultValueFactory = _ => "usd" };
        endorsement.AcceptOnlyFromAmong("basic", "cryptoCustody", "usd");
        var retries = new Option<int>("--retries") { Description = "Redeliver up to N times while the receiver fails (non-2xx other than 410, or no answer), as OMS does: same webhook-id, new timestamp and signature each time.", HelpName = "N" }.InRange(0, 10);
        var firstDelay = ToolOptions.Seconds("--first-retry-delay", "The wait before the first redelivery; each later wait doubles (1 s, 2 s, 4 s, … by default, the fake's schedule).", 1, 0, 3600);
        var timeout = ToolOptions.Seconds("--timeout", "How long one attempt may take before it counts as failed.", 10, 0.001, 600);
        var command = new Command("trigger", "Send a realistic signed webhook delivery (Standard Webhooks headers, the fake OMS's body) to your receiver and print its answer and time. Exit code 0 when the receiver acknowledged it (2xx).")
        {
            eventType, to, secret, customer, endorsement, retries, firstDelay, timeout,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var request = new TriggerRequest(
                new Uri(parsed.GetRequiredValue(to)),
                parsed.GetRequiredValue(secret),
                parsed.GetValue(customer) ?? "cst_" + RandomText.Base62(16),
                ServerNames.Endorsements.TryParse(parsed.GetRequiredValue(endorsement), out var granted) ? granted : Endorsement.Usd,
                Schedule(parsed.GetValue(retries), TimeSpan.FromSeconds(parsed.GetValue(firstDelay))),
                TimeSpan.FromSeconds(parsed.GetValue(timeout)));
            return await SendAsync(OmsCommandLine.Console(parsed), request, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The waits before each redelivery: the first, then doubling, as the fake's default 1 s, 2 s, 4 s.</summary>
    internal static IReadOnlyList<TimeSpan> Schedule(int retries, TimeSpan first) =>
        [.. Enumerable.Range(0, retries).Select(i => first * Math.Pow(2, i))];

    private static async Task<int> SendAsync(ToolConsole console, TriggerRequest request, CancellationToken cancellationToken)
    {
        var webhookId = "msg_" + RandomText.Base62(24);
        var body = SampleEvents.EndorsementGranted(request.CustomerId, request.Endorsement, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new WebhookSender(http, new OmsWebhookSigner(request.Secret), TimeProvider.System, request.RetryDelays, request.AttemptTimeout, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        console.Note($"Sending {FakeOmsServer.EndorsementGrantedEventType} {webhookId} for {request.CustomerId} to {request.Receiver}");
        var number = 0;
        FakeOmsWebhookDelivery delivery;
        try
        {
            delivery = await sender.DeliverAsync(request.Receiver, webhookId, body, attempt => Report(console, attempt, ++number, request.RetryDelays), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            console.Error("Interrupted before the receiver acknowledged the delivery.");
            return ExitCodes.Interrupted;
        }

        if (delivery.Delivered)
        {
            return ExitCodes.Success;
        }

        console.Error(delivery.ReceiverDisabled
            ? "The receiver answered 410 Gone: OMS disables an endpoint that does, and stops sending to it."
            : $"The receiver did not acknowledge {webhookId} in {delivery.Attempts.Count} attempt{(delivery.Attempts.Count == 1 ? string.Empty : "s")}.");
        return ExitCodes.Failure;
    }

    private static void Report(ToolConsole console, FakeOmsWebhookAttempt attempt, int number, IReadOnlyList<TimeSpan> delays)
    {
        var time = $" in {attempt.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms (attempt {number}, webhook-timestamp {attempt.Headers[OmsWebhookVerifier.TimestampHeader]})";
        var outcome = attempt.StatusCode is { } status ? $"{(int)status} {Reason(status)}" : "no answer: " + attempt.Error;
        if (attempt.StatusCode is { } ok && (int)ok is >= 200 and <= 299)
        {
            console.Good("delivered", $" {outcome}{time}");
            return;
        }

        var next = attempt.StatusCode != HttpStatusCode.Gone && number <= delays.Count
            ? $"; retrying in {delays[number - 1].TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
            : string.Empty;
        console.Bad("failed", $" {outcome}{time}{next}");
    }

    private static string Reason(HttpStatusCode status) =>
        System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", " ");

    private sealed record TriggerRequest(Uri Receiver, string Secret, string CustomerId, Endorsement Endorsement, IReadOnlyList<TimeSpan> RetryDelays, TimeSpan AttemptTimeout);
}
