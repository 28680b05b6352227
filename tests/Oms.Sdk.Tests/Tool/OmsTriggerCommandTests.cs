using System.Net;
using System.Security.Cryptography;
using System.Text;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Tool;

/// <summary><c>oms trigger</c> against an independent receiver that checks deliveries with the StandardWebhooks package.</summary>
[Collection(typeof(OmsToolCollection))]
public sealed class OmsTriggerCommandTests(InstalledOmsTool oms)
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly string Secret = "whsec_" + Convert.ToHexString(Key).ToLowerInvariant();

    [Fact]
    public async Task A_triggered_delivery_passes_the_receivers_own_Standard_Webhooks_check_and_the_status_and_time_are_printed()
    {
        await using var receiver = await StandardWebhooksReceiver.StartAsync(Key);

        var run = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Secret, "--customer", "cst_trigger1"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^delivered 200 OK in \d+ ms \(attempt 1, webhook-timestamp \d+\)$", run.Output);
        Assert.DoesNotContain(Secret, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Output);
        var delivery = Assert.Single(receiver.Received);
        Assert.True(delivery.Verified);
        Assert.Matches("^msg_[0-9A-Za-z]{24}$", delivery.Headers["webhook-id"]);

        // The fake's body shape: the SDK parses it as the typed event, with the granted endorsement approved.
        var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [Secret] });
        var evt = Assert.IsType<CustomerEndorsementGrantedEvent>(verifier.VerifyAndParse(Encoding.UTF8.GetBytes(delivery.Body), OmsWebhookHeaders.From(delivery.Headers)));
        Assert.Equal("cst_trigger1", evt.Customer.Id);
        Assert.True(evt.Customer.HasEndorsement(Endorsement.Usd));
    }

    [Fact]
    public async Task Retries_redeliver_with_the_same_webhook_id_until_the_receiver_acknowledges()
    {
        await using var receiver = await StandardWebhooksReceiver.StartAsync(Key, HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable);

        var run = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Secret, "--retries", "3", "--first-retry-delay", "0.01"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^failed 500 Internal Server Error in \d+ ms \(attempt 1, .*; retrying in 0\.01 s$", run.Output);
        Assert.Matches(@"(?m)^failed 503 Service Unavailable in \d+ ms \(attempt 2, .*; retrying in 0\.02 s$", run.Output);
        Assert.Matches(@"(?m)^delivered 200 OK in \d+ ms \(attempt 3, ", run.Output);
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, d => Assert.True(d.Verified));
        Assert.Single(receiver.Received.Select(d => d.Headers["webhook-id"]).Distinct());
    }

    [Fact]
    public async Task A_receiver_that_never_acknowledges_gets_one_attempt_per_retry_and_the_exit_code_is_1()
    {
        await using var receiver = await StandardWebhooksReceiver.StartAsync(Key, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError);

        var run = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Secret, "--retries", "2", "--first-retry-delay", "0"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(3, receiver.Received.Count);
        Assert.Matches(@"(?m)^error: The receiver did not acknowledge msg_\w+ in 3 attempts\.$", run.Output);
    }

    [Fact]
    public async Task A_410_Gone_stops_the_redeliveries_as_OMS_disables_such_an_endpoint()
    {
        await using var receiver = await StandardWebhooksReceiver.StartAsync(Key, HttpStatusCode.Gone);

        var run = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Secret, "--retries", "3", "--first-retry-delay", "0"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(receiver.Received);
        Assert.Contains("410 Gone", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_with_another_secret_rejects_the_delivery_and_a_malformed_secret_is_a_usage_error_that_does_not_echo_it()
    {
        await using var receiver = await StandardWebhooksReceiver.StartAsync(RandomNumberGenerator.GetBytes(32));
        var rejected = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Secret]);
        Assert.True(rejected.ExitCode == 1, rejected.ToString());
        Assert.False(Assert.Single(receiver.Received).Verified);
        Assert.Contains("failed 400 Bad Request", rejected.Output, StringComparison.Ordinal);

        const string Malformed = "whsec_not-a-secret!";
        var usage = await oms.RunAsync(["trigger", "customer.endorsement.granted", "--to", receiver.Url.ToString(), "--secret", Malformed]);
        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.Contains("error: --secret:", usage.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Malformed, usage.Output, StringComparison.Ordinal);
    }
}
