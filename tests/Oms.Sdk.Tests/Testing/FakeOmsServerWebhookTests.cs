using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Testing;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Testing.FakeOmsTest;

namespace Oms.Sdk.Tests.Testing;

/// <summary>Endorsement grants and rejections, and the signed webhooks the fake sends (FakeOmsServer.Webhooks.cs).</summary>
public sealed class FakeOmsServerWebhookTests
{
    [Fact]
    public async Task Manual_mode_leaves_endorsements_pending_until_a_grant_which_sends_a_signed_webhook()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero));
        using var receiver = StartReceiver(200);
        await using var oms = StartManual(time, receiver);
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);

        time.Advance(TimeSpan.FromMinutes(5));
        var sent = await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);
        var fetched = await client.Customers.GetAsync(created.Id, Ct);

        Assert.All(created.Endorsements, e => Assert.Equal(EndorsementStatus.Pending, e.Status));
        Assert.True(fetched.HasEndorsement(Endorsement.Usd));
        Assert.False(fetched.HasEndorsement(Endorsement.Basic));
        Assert.Equal(time.GetUtcNow(), fetched.UpdatedAt);
        AssertSameCustomer(fetched, sent.Customer);

        var delivery = Assert.Single(sent.Deliveries);
        Assert.True(delivery.Delivered);
        Assert.Single(delivery.Attempts);
        var received = Assert.Single(receiver.LogEntries).RequestMessage!;
        var body = received.BodyAsBytes!;
        Assert.Equal(sent.Body, Encoding.UTF8.GetString(body));
        var id = Header(received, "webhook-id");
        var timestamp = long.Parse(Header(received, "webhook-timestamp"), System.Globalization.CultureInfo.InvariantCulture);
        var signature = Header(received, "webhook-signature");
        Assert.Equal(sent.Id, id);
        Assert.StartsWith("msg_", id, StringComparison.Ordinal);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), timestamp);
        Assert.Equal(IndependentSignature(oms.WebhookSecret, id, timestamp, body), signature);
        Assert.Equal(new OmsWebhookSigner(oms.WebhookSecret).Sign(id, DateTimeOffset.FromUnixTimeSeconds(timestamp), body), signature);

        var envelope = JsonDocument.Parse(body).RootElement;
        Assert.Equal("customer.endorsement.granted", envelope.GetProperty("type").GetString());
        Assert.Equal(time.GetUtcNow(), envelope.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(created.Id, envelope.GetProperty("data").GetProperty("id").GetString());
        Assert.Contains(envelope.GetProperty("data").GetProperty("endorsements").EnumerateArray(),
            e => e.GetProperty("name").GetString() == "usd" && e.GetProperty("status").GetString() == "approved");
    }

    [Fact]
    public async Task A_grant_adds_an_endorsement_the_customer_never_requested()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);

        var sent = await oms.GrantEndorsementAsync(created.Id, Endorsement.CryptoCustody, Ct);

        Assert.Empty(sent.Deliveries);
        Assert.Equal([Endorsement.Basic, Endorsement.CryptoCustody, Endorsement.Usd], sent.Customer.Endorsements.Select(e => e.Name));
        Assert.True(Assert.Single(oms.Customers).HasEndorsement(Endorsement.CryptoCustody));
        await Assert.ThrowsAsync<ArgumentException>(() => oms.GrantEndorsementAsync("cst_unknown", Endorsement.Usd, Ct));
    }

    [Fact]
    public async Task The_sender_retries_a_receiver_that_answers_500_then_200_with_the_same_webhook_id()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { WebhookRetryDelays = [TimeSpan.Zero, TimeSpan.Zero] });
        using var receiver = StartReceiver(500, 200);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var delivery = Assert.Single((await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct)).Deliveries);

        Assert.True(delivery.Delivered);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.OK], delivery.Attempts.Select(a => a.StatusCode));
        var ids = receiver.LogEntries.Select(e => Header(e.RequestMessage!, "webhook-id")).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task The_sender_gives_up_after_the_configured_retries_and_records_each_attempt()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { WebhookRetryDelays = [TimeSpan.Zero, TimeSpan.Zero] });
        using var receiver = StartReceiver(503);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        oms.AddWebhookReceiver(new Uri("http://127.0.0.1:1/unreachable"));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var sent = await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);

        Assert.Equal(2, sent.Deliveries.Count);
        Assert.All(sent.Deliveries, d => Assert.False(d.Delivered));
        Assert.All(sent.Deliveries, d => Assert.Equal(3, d.Attempts.Count));
        Assert.All(sent.Deliveries[0].Attempts, a => Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode));
        Assert.All(sent.Deliveries[1].Attempts, a => Assert.Null(a.StatusCode));
        Assert.All(sent.Deliveries[1].Attempts, a => Assert.False(string.IsNullOrEmpty(a.Error)));
        Assert.Equal(3, receiver.LogEntries.Count());
    }

    [Fact]
    public async Task A_receiver_that_answers_410_is_not_retried_and_is_removed()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { WebhookRetryDelays = [TimeSpan.Zero] });
        using var receiver = StartReceiver(410);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);

        var first = await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);
        var second = await oms.GrantEndorsementAsync(created.Id, Endorsement.Basic, Ct);

        Assert.True(Assert.Single(first.Deliveries).ReceiverDisabled);
        Assert.Single(first.Deliveries[0].Attempts);
        Assert.Empty(second.Deliveries);
        Assert.False(oms.RemoveWebhookReceiver(HooksUrl(receiver)));
    }

    [Fact]
    public async Task A_recorded_attempt_holds_the_signed_headers_and_a_tampered_body_fails_verification()
    {
        await using var oms = FakeOmsServer.Start();
        using var receiver = StartReceiver(200);
        oms.AddWebhookReceiver(HooksUrl(receiver));
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest(), cancellationToken: Ct);
        var sent = await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);
        var headers = sent.Deliveries[0].Attempts[0].Headers;
        var timestamp = long.Parse(headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(sent.Body);

        Assert.Equal(IndependentSignature(oms.WebhookSecret, sent.Id, timestamp, body), headers["Webhook-Signature"]);
        var tampered = Encoding.UTF8.GetBytes(sent.Body.Replace("approved", "rejected", StringComparison.Ordinal));
        Assert.NotEqual(IndependentSignature(oms.WebhookSecret, sent.Id, timestamp, tampered), headers["webhook-signature"]);
    }

    [Fact]
    public async Task A_rejection_shows_on_get_with_its_reasons_as_reason_objects_and_sends_no_webhook()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero));
        using var receiver = StartReceiver(200);
        await using var oms = StartManual(time, receiver);
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);

        time.Advance(TimeSpan.FromMinutes(5));
        var rejected = await oms.RejectEndorsementAsync(created.Id, Endorsement.Usd, ["Document image unreadable", "Name mismatch"], Ct);
        var fetched = await client.Customers.GetAsync(created.Id, Ct);
        using var http = await AuthorizedHttpAsync(oms);
        using var raw = await http.GetAsync("customers/" + created.Id, Ct);
        var wire = (await ReadJsonAsync(raw)).GetProperty("endorsements").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "usd");

        var usd = fetched.Endorsements.Single(e => e.Name == Endorsement.Usd);
        Assert.Equal(EndorsementStatus.Rejected, usd.Status);
        Assert.Equal(["Document image unreadable", "Name mismatch"], usd.RejectionReasons);
        Assert.Equal(EndorsementStatus.Pending, fetched.Endorsements.Single(e => e.Name == Endorsement.Basic).Status);
        Assert.Equal(time.GetUtcNow(), fetched.UpdatedAt);
        AssertSameCustomer(fetched, rejected);
        Assert.Equal("rejected", wire.GetProperty("status").GetString());
        Assert.Equal(
            ["Document image unreadable|Document image unreadable", "Name mismatch|Name mismatch"],
            wire.GetProperty("rejectionReasons").EnumerateArray().Select(r => r.GetProperty("developerReason").GetString() + "|" + r.GetProperty("reason").GetString()));
        Assert.Empty(receiver.LogEntries);
    }

    [Fact]
    public async Task A_rejection_without_reasons_has_none_and_a_later_grant_clears_them()
    {
        await using var oms = FakeOmsServer.Start(new FakeOmsServerOptions { EndorsementMode = FakeOmsEndorsementMode.Manual });
        using var client = Client(oms);
        var created = await client.Customers.CreateAsync(new CreateCustomerRequest { Endorsements = [Endorsement.Usd] }, cancellationToken: Ct);

        var bare = await oms.RejectEndorsementAsync(created.Id, Endorsement.CryptoCustody, cancellationToken: Ct);
        await oms.RejectEndorsementAsync(created.Id, Endorsement.Usd, ["Sanctions match"], Ct);
        await oms.GrantEndorsementAsync(created.Id, Endorsement.Usd, Ct);
        var fetched = await client.Customers.GetAsync(created.Id, Ct);

        var crypto = bare.Endorsements.Single(e => e.Name == Endorsement.CryptoCustody);
        Assert.Equal(EndorsementStatus.Rejected, crypto.Status);
        Assert.Empty(crypto.RejectionReasons);
        Assert.True(fetched.HasEndorsement(Endorsement.Usd));
        Assert.Empty(fetched.Endorsements.Single(e => e.Name == Endorsement.Usd).RejectionReasons);
        Assert.Equal(EndorsementStatus.Rejected, fetched.Endorsements.Single(e => e.Name == Endorsement.CryptoCustody).Status);
        await Assert.ThrowsAsync<ArgumentException>(() => oms.RejectEndorsementAsync("cst_unknown", Endorsement.Usd, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => oms.RejectEndorsementAsync(created.Id, Endorsement.Usd, [" "], Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => oms.RejectEndorsementAsync(created.Id, Endorsement.Unknown, cancellationToken: Ct));
    }

    /// <summary>A fake in manual endorsement mode on <paramref name="time"/>, delivering webhooks to <paramref name="receiver"/>.</summary>
    private static FakeOmsServer StartManual(FakeTimeProvider time, WireMock.Server.WireMockServer receiver)
    {
        var oms = FakeOmsServer.Start(new FakeOmsServerOptions { TimeProvider = time, EndorsementMode = FakeOmsEndorsementMode.Manual });
        oms.AddWebhookReceiver(HooksUrl(receiver));
        return oms;
    }
}
