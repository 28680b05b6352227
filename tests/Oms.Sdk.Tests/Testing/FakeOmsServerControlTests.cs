using System.Net;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Testing;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>The fake's HTTP controls under <c>/_fake/</c>, in process: off by default, and each control's answers.</summary>
public sealed class FakeOmsServerControlTests
{
    [Fact]
    public async Task Without_EnableControlRoutes_there_are_no_controls()
    {
        await using var oms = FakeOmsServer.Start();
        using var http = new HttpClient();

        Assert.Null(oms.ControlAddress);
        using var answer = await http.PostAsync(new Uri(oms.BaseAddress, "/_fake/faults"), Body("""{"kind":"drop"}"""), Ct);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task Grant_reject_and_status_change_the_customer_and_an_unknown_customer_is_404()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EnableControlRoutes = true, EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var client = Client(oms);
        using var http = new HttpClient { BaseAddress = oms.ControlAddress };
        var customer = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);
        Assert.Equal(new Uri(oms.BaseAddress, "/_fake/"), oms.ControlAddress);

        using (var granted = await http.PostAsync($"customers/{customer.Id}/endorsements/usd/grant", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            using var answer = JsonDocument.Parse(await granted.Content.ReadAsStringAsync(Ct));
            Assert.Equal(customer.Id, answer.RootElement.GetProperty("customer").GetProperty("id").GetString());
            Assert.Equal(0, answer.RootElement.GetProperty("deliveries").GetArrayLength());
        }

        using (await http.PostAsync($"customers/{customer.Id}/endorsements/basic/reject", Body("""{"reasons":["Sanctions screening hit"]}"""), Ct))
        using (var status = await http.PostAsync($"customers/{customer.Id}/status", Body("""{"status":"inactive"}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        var after = Assert.Single(oms.Customers);
        Assert.True(after.HasEndorsement(Endorsement.Usd));
        Assert.Equal(["Sanctions screening hit"], after.Endorsements.Single(e => e.Name == Endorsement.Basic).RejectionReasons);
        Assert.Equal(CustomerStatus.Inactive, after.Status);

        using var unknown = await http.PostAsync("customers/cst_nobody/endorsements/usd/grant", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("cst_nobody", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("faults", """{"kind":"explode"}""", "Unknown fault kind \\u0022explode\\u0022")]
    [InlineData("faults", """{"kind":"fail","count":"two"}""", "\\u0022count\\u0022 must be a whole number")]
    [InlineData("faults", """{"kind":"delay"}""", "delayMilliseconds")]
    [InlineData("faults", "not json", "invalid")]
    [InlineData("webhook-receivers", """{"url":"ftp://example.com"}""", "absolute http or https URL")]
    [InlineData("customers/cst_1/endorsements/gold/grant", "", "Unknown endorsement")]
    public async Task A_bad_control_request_is_a_400_naming_the_problem(string path, string body, string expected)
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EnableControlRoutes = true });
        using var http = new HttpClient { BaseAddress = oms.ControlAddress };
        if (path.StartsWith("customers/", StringComparison.Ordinal))
        {
            using var client = Client(oms);
            var customer = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
            path = path.Replace("cst_1", customer.Id, StringComparison.Ordinal);
        }

        using var answer = await http.PostAsync(path, Body(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(expected, await answer.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Faults_and_receivers_added_over_http_act_like_the_methods()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EnableControlRoutes = true });
        using var client = Client(oms, o => o.Resilience.MaxRetries = 0);
        using var http = new HttpClient { BaseAddress = oms.ControlAddress };

        using (await http.PostAsync("faults", Body("""{"kind":"fail","status":500,"method":"GET","pathPrefix":"/customers"}"""), Ct))
        {
            var thrown = await Assert.ThrowsAnyAsync<Exception>(() => client.Customers.ListAsync(cancellationToken: Ct));
            SkipIfRefitWrapped(thrown, nameof(OmsApiException));
            Assert.Equal(HttpStatusCode.InternalServerError, Assert.IsType<OmsApiException>(thrown).StatusCode);
        }

        Assert.Empty((await client.Customers.ListAsync(cancellationToken: Ct)).Items);
        using (var added = await http.PostAsync("webhook-receivers", Body("""{"url":"http://127.0.0.1:9/hooks"}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        using var removed = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "webhook-receivers") { Content = Body("""{"url":"http://127.0.0.1:9/hooks"}""") }, Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.False(oms.RemoveWebhookReceiver(new Uri("http://127.0.0.1:9/hooks")));
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
