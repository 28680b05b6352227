using System.Net;
using System.Net.Sockets;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// Says why the fake could not deliver a webhook, to whom, and what to do: the text of a failed attempt's
/// <see cref="FakeOmsWebhookAttempt.Error"/>, of <see cref="FakeOmsWebhookDelivery.Problem"/> and of the warning logged at
/// once when an attempt fails. Never holds the body or the signature.
/// </summary>
internal static class WebhookDeliveryProblem
{
    private const string InMemoryHint =
        " A WebApplicationFactory's Server.BaseAddress (http://localhost/) is its in-memory TestServer, which nothing outside the "
        + "test process's HttpClient can reach: call factory.UseKestrel(0) before the factory starts, then "
        + "oms.AddWebhookReceiver(factory.Services, \"/webhooks/oms\") (it reads the address Kestrel bound).";

    public static string Unreachable(Uri receiver, HttpRequestException exception)
    {
        var refused = exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
        var why = refused ? $"connection refused: nothing listens at {receiver.Authority}" : $"{exception.HttpRequestError}: {exception.Message}";
        var todo = refused
            ? "Start the receiver before the grant, and check the host and port given to AddWebhookReceiver."
            : "Check that the receiver runs and that the URL given to AddWebhookReceiver is right.";
        return $"Could not deliver the webhook to {receiver} ({why}). {todo}" + (LooksInMemory(receiver) ? InMemoryHint : string.Empty);
    }

    public static string TimedOut(Uri receiver, TimeSpan timeout) =>
        $"Could not deliver the webhook to {receiver}: no answer within {timeout.TotalSeconds:0.###} s "
        + "(FakeOmsServerOptions.WebhookAttemptTimeout). A handler that takes longer, or a receiver that accepts the connection but never answers.";

    public static string Refused(Uri receiver, HttpStatusCode status) =>
        $"The webhook receiver {receiver} answered {(int)status} {status}. " + (int)status switch
        {
            400 => "It refused the delivery: check that it verifies with this fake's WebhookSecret (oms.WebhookSecret, or "
                + "oms.ToConfiguration() in the app's configuration); its log says why (category Oms.Sdk.Webhooks).",
            404 or 405 => "Nothing handles POST at that path: check the path given to MapOmsWebhooks and to AddWebhookReceiver.",
            409 => "Another attempt of this delivery was being handled; the fake retries it.",
            410 => "It answered Gone, so the fake (as OMS) removes it and sends it nothing more.",
            >= 500 => "A handler failed or the receiver's inbox could not be reached: see the app's log.",
            _ => "Only a 2xx acknowledges a delivery; the fake retries anything else.",
        };

    private static bool LooksInMemory(Uri receiver) => receiver.IsLoopback && receiver.IsDefaultPort;
}
