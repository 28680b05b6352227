using System.Text.Json;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

public sealed class OmsWebhookEventTests
{
    private static OmsWebhookEvent Parse(string body)
    {
        var delivery = Signed(body, id: "msg_evt_1");
        return Verifier(OmsSecret).VerifyAndParse(delivery.Body, delivery.Headers);
    }

    [Fact]
    public void Endorsement_granted_carries_the_customer_and_what_is_now_granted()
    {
        var endorsements = """
            [{"name": "usd", "status": "approved"}, {"name": "cryptoCustody", "status": "pending"},
             {"name": "basic", "status": "approved"}, {"name": "eur", "status": "approved"}]
            """;

        var evt = Parse(Envelope("customer.endorsement.granted", CustomerJson(endorsements), extra: "\"id\": \"evt_42\", "));

        var granted = Assert.IsType<CustomerEndorsementGrantedEvent>(evt);
        Assert.Equal("msg_evt_1", granted.WebhookId);
        Assert.Equal("customer.endorsement.granted", granted.Type);
        Assert.Equal("evt_42", granted.Id);
        Assert.Equal(DateTimeOffset.Parse("2026-01-15T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture), granted.Timestamp);
        Assert.Equal("cst_01H9Xa8F5dN6mP3q", granted.Customer.Id);
        Assert.Equal(4, granted.Customer.Endorsements.Count);
        Assert.Equal([Endorsement.Usd, Endorsement.Basic], granted.HeldEndorsements);
    }

    [Fact]
    public void Endorsement_granted_reads_plain_endorsement_names_as_granted()
    {
        var evt = Parse(Envelope("customer.endorsement.granted", CustomerJson("""["basic", "usd"]""")));

        Assert.Equal([Endorsement.Basic, Endorsement.Usd], Assert.IsType<CustomerEndorsementGrantedEvent>(evt).HeldEndorsements);
    }

    [Fact]
    public void Endorsement_granted_names_the_endorsement_it_grants_apart_from_those_the_customer_holds()
    {
        var evt = Parse(Envelope("customer.endorsement.granted", CustomerJson("""["basic", "cryptoCustody", "usd"]"""), extra: "\"endorsement\": \"usd\", "));

        var granted = Assert.IsType<CustomerEndorsementGrantedEvent>(evt);
        Assert.Equal(Endorsement.Usd, granted.GrantedEndorsement);
        Assert.Equal("usd", granted.GrantedEndorsementName);
        Assert.Equal([Endorsement.Basic, Endorsement.CryptoCustody, Endorsement.Usd], granted.HeldEndorsements);
    }

    [Theory]
    [InlineData("", null)]                                      // not said: null, never a guess
    [InlineData("\"endorsement\": null, ", null)]
    [InlineData("\"endorsement\": 3, ", null)]                  // read leniently, like the timestamps
    [InlineData("\"endorsement\": \"eur\", ", "eur")]           // a name this SDK does not know: Unknown, spelling kept
    public void Endorsement_granted_without_a_readable_endorsement_name_says_so(string extra, string? name)
    {
        var granted = Assert.IsType<CustomerEndorsementGrantedEvent>(Parse(Envelope("customer.endorsement.granted", CustomerJson("""["basic"]"""), extra: extra)));

        Assert.Equal(name, granted.GrantedEndorsementName);
        Assert.Equal(name is null ? null : Endorsement.Unknown, granted.GrantedEndorsement);
        Assert.Equal([Endorsement.Basic], granted.HeldEndorsements);
    }

    [Fact]
    public void Other_customer_events_are_customer_events()
    {
        var evt = Parse(Envelope("customer.updated", CustomerJson()));

        var customerEvent = Assert.IsType<CustomerEvent>(evt);
        Assert.Equal("customer.updated", customerEvent.Type);
        Assert.Equal("Jane", customerEvent.Customer.FirstName);
        Assert.Null(customerEvent.Id);
    }

    [Fact]
    public void Unknown_event_types_keep_their_raw_data()
    {
        var evt = Parse(Envelope("transaction.fiatToCrypto.completed", """{"id": "txn_1", "amount": "12.50", "nested": {"a": [1, 2]}}"""));

        var unknown = Assert.IsType<UnknownOmsEvent>(evt);
        Assert.Equal("transaction.fiatToCrypto.completed", unknown.Type);
        Assert.Equal("12.50", unknown.Data.GetProperty("amount").GetString());
        Assert.Equal(2, unknown.Data.GetProperty("nested").GetProperty("a")[1].GetInt32());
    }

    [Fact]
    public void Unknown_event_data_outlives_the_parse()
    {
        var unknown = Assert.IsType<UnknownOmsEvent>(Parse(Envelope("wallet.depositDetected", """{"walletId": "wlt_1"}""")));

        // Force collection of anything the parse pooled; the element must still be readable.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal("wlt_1", unknown.Data.GetProperty("walletId").GetString());
        Assert.Equal("""{"walletId": "wlt_1"}""", unknown.Data.GetRawText());
    }

    [Fact]
    public void An_unknown_event_without_data_has_undefined_data()
    {
        var unknown = Assert.IsType<UnknownOmsEvent>(Parse("""{"type": "ping"}"""));

        Assert.Equal(JsonValueKind.Undefined, unknown.Data.ValueKind);
    }

    [Fact]
    public void Timestamp_falls_back_to_createdAt_then_to_the_header()
    {
        var fromCreatedAt = Parse("""{"type": "ping", "createdAt": "2026-02-01T00:00:00Z", "data": {}}""");
        var fromHeader = Parse("""{"type": "ping", "data": {}}""");
        var oddTimestamp = Parse("""{"type": "ping", "timestamp": 1767225600, "createdAt": "not a date", "data": {}}""");

        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), fromCreatedAt.Timestamp);
        Assert.Equal(SpecTime, fromHeader.Timestamp);
        Assert.Equal(SpecTime, oddTimestamp.Timestamp);
    }

    [Fact]
    public void Unknown_envelope_fields_are_ignored()
    {
        var evt = Parse(Envelope("customer.created", CustomerJson(), extra: "\"apiVersion\": \"v0.9\", \"attempt\": {\"n\": 2}, "));

        Assert.Equal("cst_01H9Xa8F5dN6mP3q", Assert.IsType<CustomerEvent>(evt).Customer.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("\"customer.updated\"")]
    [InlineData("{}")]
    [InlineData("""{"type": "", "data": {}}""")]
    [InlineData("""{"type": 5, "data": {}}""")]
    [InlineData("""{"type": "customer.updated"}""")]
    [InlineData("""{"type": "customer.updated", "data": "cst_1"}""")]
    [InlineData("""{"type": "customer.endorsement.granted", "data": [1]}""")]
    [InlineData("""{"type": "customer.endorsement.granted", "data": {"id": 12}}""")]
    [InlineData("""{"type": "ping", "data": {}} trailing""")]
    public void An_authentic_body_that_is_not_an_event_envelope_is_a_payload_error(string body)
    {
        var e = Assert.Throws<OmsWebhookPayloadException>(() => Parse(body));

        Assert.Contains("authentic", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OmsException>(e);
    }

    [Fact]
    public void Events_can_be_built_to_test_handlers()
    {
        var evt = new CustomerEndorsementGrantedEvent
        {
            WebhookId = "msg_1",
            Type = CustomerEndorsementGrantedEvent.EventType,
            Customer = new Customer { Id = "cst_1", Endorsements = [new CustomerEndorsement { RawName = "usd", RawStatus = "approved" }] },
        };

        Assert.Equal([Endorsement.Usd], evt.HeldEndorsements);
    }
}
