using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Tool;

/// <summary><c>oms fake</c>, installed from its package and run as a process, serving this test process over HTTP.</summary>
[Collection(typeof(OmsToolCollection))]
public sealed class OmsFakeCommandTests(InstalledOmsTool oms)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_fake_serves_token_create_get_and_list_to_another_process_and_grants_an_endorsement_over_http_with_a_signed_webhook()
    {
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        await using var receiver = await StandardWebhooksReceiver.StartAsync(Convert.FromHexString(secret["whsec_".Length..]));
        await using var fake = await oms.StartFakeAsync("--manual-endorsements", "--webhook-secret", secret, "--webhook-url", receiver.Url.ToString());
        Assert.Equal(secret, fake.WebhookSecret);

        // The token exchange, by hand, as a test in another language would do it.
        using var http = new HttpClient();
        using var token = await http.PostAsJsonAsync(new Uri(fake.BaseAddress + "/auth/token"), new { apiKey = fake.ApiKey, apiSecret = fake.ApiSecret }, Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.NotEmpty((await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!);

        using var client = new OmsClient(new OmsClientOptions { ApiKey = fake.ApiKey, ApiSecret = fake.ApiSecret, BaseAddress = fake.BaseAddress });
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com", Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
        Assert.Equal(EndorsementStatus.Pending, created.Endorsements.Single(e => e.Name == Endorsement.Usd).Status);
        Assert.Equal(created.Id, (await client.Customers.GetAsync(created.Id, Ct)).Id);
        Assert.Equal([created.Id], (await client.Customers.ListAsync(cancellationToken: Ct)).Items.Select(c => c.Id));

        using var grant = await http.PostAsync(new Uri(fake.ControlAddress, "customers/" + created.Id + "/endorsements/usd/grant"), null, Ct);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        var answer = await grant.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("customer.endorsement.granted", answer.GetProperty("type").GetString());
        Assert.True(answer.GetProperty("deliveries")[0].GetProperty("delivered").GetBoolean());
        Assert.True((await client.Customers.GetAsync(created.Id, Ct)).HasEndorsement(Endorsement.Usd));

        // A rejection, with reasons, over HTTP too.
        using var reject = await http.PostAsync(new Uri(fake.ControlAddress, "customers/" + created.Id + "/endorsements/cryptoCustody/reject"), Json("""{"reasons":["Document image unreadable"]}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        var rejected = (await client.Customers.GetAsync(created.Id, Ct)).Endorsements.Single(e => e.Name == Endorsement.CryptoCustody);
        Assert.Equal(EndorsementStatus.Rejected, rejected.Status);
        Assert.Equal(["Document image unreadable"], rejected.RejectionReasons);

        // The receiver's own Standard Webhooks check accepted the delivery, and so does the SDK with the printed secret.
        var delivery = Assert.Single(receiver.Received);
        Assert.True(delivery.Verified);
        Assert.Equal(answer.GetProperty("webhookId").GetString(), delivery.Headers["webhook-id"]);
        var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [fake.WebhookSecret] });
        var evt = Assert.IsType<CustomerEndorsementGrantedEvent>(verifier.VerifyAndParse(Encoding.UTF8.GetBytes(delivery.Body), OmsWebhookHeaders.From(delivery.Headers)));
        Assert.Equal(created.Id, evt.Customer.Id);
    }

    [Fact]
    public async Task Faults_are_injected_and_cleared_over_http_and_an_unknown_control_is_answered_with_the_list_of_controls()
    {
        await using var fake = await oms.StartFakeAsync();
        using var http = new HttpClient();
        using var token = await http.PostAsJsonAsync(new Uri(fake.BaseAddress + "/auth/token"), new { apiKey = fake.ApiKey, apiSecret = fake.ApiSecret }, Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString());
        var customers = new Uri(fake.BaseAddress + "/customers");

        using var fault = await http.PostAsync(new Uri(fake.ControlAddress, "faults"), Json("""{"kind":"fail","status":503,"count":1}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, fault.StatusCode);
        using (var failed = await http.GetAsync(customers, Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.StartsWith("req_", failed.Headers.GetValues("X-Request-Id").Single(), StringComparison.Ordinal);
        }

        using (var next = await http.GetAsync(customers, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        using var rateLimit = await http.PostAsync(new Uri(fake.ControlAddress, "faults"), Json("""{"kind":"rateLimit","count":5,"retryAfterSeconds":7}"""), Ct);
        using var cleared = await http.DeleteAsync(new Uri(fake.ControlAddress, "faults"), Ct);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        using (var afterClear = await http.GetAsync(customers, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
        }

        using var unknown = await http.PostAsync(new Uri(fake.ControlAddress, "nothing-here"), null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("POST /_fake/customers/{customerId}/endorsements/{endorsement}/grant", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_stops_the_fake_cleanly_with_exit_code_0_and_frees_its_port()
    {
        var fake = await oms.StartFakeAsync();
        await using (fake)
        {
            Assert.Equal(0, await fake.StopAsync());
            Assert.Contains("Stopping the fake OMS.", fake.Error, StringComparison.Ordinal);
            using var http = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(fake.BaseAddress + "/customers", Ct));
        }
    }

    [Fact]
    public async Task The_fake_takes_given_credentials_prints_one_uncoloured_JSON_object_and_refuses_a_bad_port_with_exit_code_2()
    {
        var run = await oms.RunAsync(["fake", "--port", "0"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--port must be from 1 to 65535", run.Output, StringComparison.Ordinal);

        await using var fake = await oms.StartFakeAsync("--api-key", "sk_sdbx_fake_fixed", "--webhook-secret", "whsec_" + new string('a', 64));
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v0\.9$", fake.BaseAddress.ToString().TrimEnd('/'));
        Assert.Equal("sk_sdbx_fake_fixed", fake.ApiKey);
        Assert.Equal("whsec_" + new string('a', 64), fake.WebhookSecret);
        Assert.DoesNotContain('\u001b', fake.Printed);
        using var document = JsonDocument.Parse(fake.Printed);
        Assert.Equal(
            ["baseAddress", "apiKey", "apiSecret", "webhookSecret", "controlAddress", "webhookUrl"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
