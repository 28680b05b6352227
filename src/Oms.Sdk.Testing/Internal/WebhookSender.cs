using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// Delivers a webhook to one receiver the Standard Webhooks way, as the project ruled OMS does: POST of the JSON body
/// with <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> signed by <see cref="OmsWebhookSigner"/>.
/// Retries after a non-2xx answer or a failed connection, waiting the configured delays on the fake's clock;
/// stops at a 2xx, or at <c>410 Gone</c>. A failed attempt is logged at once, saying to whom, why and what to do, so a
/// test does not wait out every retry to learn that its receiver was never reachable.
/// </summary>
internal sealed partial class WebhookSender(HttpClient http, OmsWebhookSigner signer, TimeProvider timeProvider, IReadOnlyList<TimeSpan> retryDelays, TimeSpan attemptTimeout, ILogger logger)
{
    /// <summary>Delivers <paramref name="body"/>, retrying; <paramref name="onAttempt"/> is told of each attempt as it ends, before the wait for the next (<c>oms trigger</c> prints it).</summary>
    public async Task<FakeOmsWebhookDelivery> DeliverAsync(Uri receiver, string webhookId, byte[] body, Action<FakeOmsWebhookAttempt>? onAttempt, CancellationToken cancellationToken)
    {
        var attempts = new List<FakeOmsWebhookAttempt>();
        while (true)
        {
            var attempt = await SendAsync(receiver, webhookId, body, cancellationToken).ConfigureAwait(false);
            attempts.Add(attempt);
            onAttempt?.Invoke(attempt);
            var delivered = attempt.StatusCode is { } status && (int)status is >= 200 and <= 299;
            var problem = delivered ? null : attempt.Error ?? WebhookDeliveryProblem.Refused(receiver, attempt.StatusCode!.Value);
            if (problem is not null)
            {
                var retriesLeft = attempt.StatusCode == HttpStatusCode.Gone ? 0 : retryDelays.Count - attempts.Count + 1;
                AttemptFailed(logger, webhookId, attempts.Count, retriesLeft, problem);
            }

            if (delivered || attempt.StatusCode == HttpStatusCode.Gone || attempts.Count > retryDelays.Count)
            {
                return new FakeOmsWebhookDelivery { Receiver = receiver, Attempts = attempts.AsReadOnly(), Problem = problem };
            }

            await Task.Delay(retryDelays[attempts.Count - 1], timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FakeOmsWebhookAttempt> SendAsync(Uri receiver, string webhookId, byte[] body, CancellationToken cancellationToken)
    {
        var sentAt = timeProvider.GetUtcNow();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = webhookId,
            ["webhook-timestamp"] = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = signer.Sign(webhookId, sentAt, body),
            ["content-type"] = "application/json",
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, receiver) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        var attempt = new FakeOmsWebhookAttempt { SentAt = sentAt, Headers = headers.AsReadOnly() };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return attempt with { StatusCode = response.StatusCode, Duration = Stopwatch.GetElapsedTime(started) };
        }
        catch (HttpRequestException ex)
        {
            return attempt with { Error = WebhookDeliveryProblem.Unreachable(receiver, ex), Duration = Stopwatch.GetElapsedTime(started) };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return attempt with { Error = WebhookDeliveryProblem.TimedOut(receiver, attemptTimeout), Duration = Stopwatch.GetElapsedTime(started) };
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The fake OMS's webhook {WebhookId}, attempt {Attempt} ({RetriesLeft} retries left): {Problem}")]
    private static partial void AttemptFailed(ILogger logger, string webhookId, int attempt, int retriesLeft, string problem);
}
