using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

public sealed class OmsWebhookVerifierTests
{
    private static readonly byte[] SpecBodyBytes = Encoding.UTF8.GetBytes(SpecBody);

    [Fact]
    public void TryVerifyAndParse_gives_the_event_of_an_authentic_delivery_and_the_reason_of_a_forged_one_without_throwing()
    {
        var verifier = Verifier(OmsSecret);
        var delivery = Signed("""{"type":"wallet.depositDetected","timestamp":"2026-01-01T00:00:00Z","data":{}}""", OmsSecret);

        Assert.True(verifier.TryVerifyAndParse(delivery.Body, delivery.Headers, out var evt, out var none));
        Assert.Equal((OmsWebhookVerificationFailure.None, "wallet.depositDetected", delivery.Id), (none, evt.Type, evt.WebhookId));

        Assert.False(verifier.TryVerifyAndParse(delivery.Body, Headers(delivery.Id, delivery.Timestamp, "v1," + Convert.ToBase64String(new byte[32])), out var forged, out var failure));
        Assert.Null(forged);
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
    }

    [Fact]
    public void Spec_test_vector_verifies()
    {
        var verifier = Verifier(SpecSecret);

        var ok = verifier.TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature), out var failure);

        Assert.True(ok);
        Assert.Equal(OmsWebhookVerificationFailure.None, failure);
    }

    [Fact]
    public void Spec_test_vector_signer_and_verifier_agree()
    {
        Assert.Equal(SpecSignature, new OmsWebhookSigner(SpecSecret).Sign(SpecId, SpecTime, SpecBodyBytes));
    }

    [Fact]
    public void Spec_test_vector_is_authentic_but_not_an_event_envelope()
    {
        var verifier = Verifier(SpecSecret);

        var e = Assert.Throws<OmsWebhookPayloadException>(() => verifier.VerifyAndParse(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature)));

        Assert.Contains("authentic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oms_secret_accepts_a_delivery_signed_with_its_hex_decoded_key()
    {
        var signature = SignWithKey(HexKey(OmsSecret), "msg_1", SpecTimestamp, SpecBodyBytes);

        Assert.True(Verifier(OmsSecret).TryVerify(SpecBodyBytes, Headers("msg_1", SpecTimestamp, signature), out _));
    }

    [Fact]
    public void Oms_secret_accepts_a_delivery_signed_with_its_base64_reading()
    {
        var signature = SignWithKey(Base64Key(OmsSecret), "msg_1", SpecTimestamp, SpecBodyBytes);

        Assert.True(Verifier(OmsSecret).TryVerify(SpecBodyBytes, Headers("msg_1", SpecTimestamp, signature), out _));
    }

    [Fact]
    public void Oms_secret_rejects_a_delivery_signed_with_another_key()
    {
        var signature = SignWithKey(HexKey(UnrelatedOmsSecret), "msg_1", SpecTimestamp, SpecBodyBytes);

        Assert.False(Verifier(OmsSecret).TryVerify(SpecBodyBytes, Headers("msg_1", SpecTimestamp, signature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
    }

    [Fact]
    public void Rotation_accepts_deliveries_signed_with_the_new_or_the_previous_secret_only()
    {
        var verifier = Verifier(OmsSecret, PreviousOmsSecret);

        Assert.True(verifier.TryVerify(Signed("{}", OmsSecret).Body, Signed("{}", OmsSecret).Headers, out _));
        var old = Signed("{}", PreviousOmsSecret);
        Assert.True(verifier.TryVerify(old.Body, old.Headers, out _));
        var other = Signed("{}", UnrelatedOmsSecret);
        Assert.False(verifier.TryVerify(other.Body, other.Headers, out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
    }

    [Fact]
    public void Many_secrets_are_all_tried()
    {
        // Five OMS secrets are ten keys: more than the verifier keeps on the stack.
        string[] secrets = [.. Enumerable.Range(0, 4).Select(i => "whsec_" + new string((char)('a' + i), 64)), SpecSecret, OmsSecret];
        var verifier = Verifier(secrets);
        var delivery = Signed("{}", OmsSecret);

        Assert.True(verifier.TryVerify(delivery.Body, delivery.Headers, out _));
        Assert.True(verifier.TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature), out _));
    }

    [Theory]
    [InlineData(null, SpecTimestamp, SpecSignature, OmsWebhookVerificationFailure.MissingIdHeader)]
    [InlineData("", SpecTimestamp, SpecSignature, OmsWebhookVerificationFailure.MissingIdHeader)]
    [InlineData(SpecId, null, SpecSignature, OmsWebhookVerificationFailure.MissingTimestampHeader)]
    [InlineData(SpecId, "", SpecSignature, OmsWebhookVerificationFailure.MissingTimestampHeader)]
    [InlineData(SpecId, SpecTimestamp, null, OmsWebhookVerificationFailure.MissingSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "", OmsWebhookVerificationFailure.MissingSignatureHeader)]
    [InlineData(SpecId, "abc", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "-1614265330", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "+1614265330", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, " 1614265330", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "1614265330.0", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "2021-02-25T15:02:10Z", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "99999999999999999999999", SpecSignature, OmsWebhookVerificationFailure.MalformedTimestamp)]
    [InlineData(SpecId, "0", SpecSignature, OmsWebhookVerificationFailure.TimestampTooOld)]
    [InlineData(SpecId, "9223372036854775807", SpecSignature, OmsWebhookVerificationFailure.TimestampTooNew)]
    [InlineData(SpecId, SpecTimestamp, "garbage", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1,", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1,!!!not-base64!!!", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1,AAAAAAAAAAAAAAAAAAAAAA==", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", OmsWebhookVerificationFailure.MalformedSignatureHeader)]
    [InlineData(SpecId, SpecTimestamp, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", OmsWebhookVerificationFailure.NoMatchingSignature)]
    [InlineData("msg_other", SpecTimestamp, SpecSignature, OmsWebhookVerificationFailure.NoMatchingSignature)]
    [InlineData(SpecId, "1614265331", SpecSignature, OmsWebhookVerificationFailure.NoMatchingSignature)]
    public void Every_failure_has_its_reason(string? id, string? timestamp, string? signature, OmsWebhookVerificationFailure expected)
    {
        var verifier = Verifier(SpecSecret);

        var ok = verifier.TryVerify(SpecBodyBytes, Headers(id, timestamp, signature), out var failure);

        Assert.False(ok);
        Assert.Equal(expected, failure);
        var e = Assert.Throws<OmsWebhookSignatureException>(() => verifier.VerifyAndParse(SpecBodyBytes, Headers(id, timestamp, signature)));
        Assert.Equal(expected, e.Failure);
        Assert.DoesNotContain(SpecSecret["whsec_".Length..], e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-299, OmsWebhookVerificationFailure.None)]
    [InlineData(-300, OmsWebhookVerificationFailure.None)]
    [InlineData(-301, OmsWebhookVerificationFailure.TimestampTooOld)]
    [InlineData(299, OmsWebhookVerificationFailure.None)]
    [InlineData(300, OmsWebhookVerificationFailure.None)]
    [InlineData(301, OmsWebhookVerificationFailure.TimestampTooNew)]
    public void Timestamps_are_accepted_within_the_tolerance_either_way(int signedSecondsFromNow, OmsWebhookVerificationFailure expected)
    {
        // The delivery is the spec vector; the receiver's clock is set so the vector is that far off.
        var verifier = Verifier(ClockAt(SpecTime - TimeSpan.FromSeconds(signedSecondsFromNow)), SpecSecret);

        verifier.TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature), out var failure);

        Assert.Equal(expected, failure);
    }

    [Fact]
    public void Tolerance_is_configurable()
    {
        var clock = ClockAt(SpecTime + TimeSpan.FromSeconds(61));
        var strict = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [SpecSecret], Tolerance = TimeSpan.FromMinutes(1), TimeProvider = clock });
        var lenient = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [SpecSecret], Tolerance = TimeSpan.FromMinutes(2), TimeProvider = clock });

        Assert.False(strict.TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.TimestampTooOld, failure);
        Assert.True(lenient.TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, SpecSignature), out _));
        Assert.Equal(TimeSpan.FromMinutes(1), strict.Tolerance);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(19)]
    public void A_body_changed_by_one_byte_is_rejected(int index)
    {
        var body = (byte[])SpecBodyBytes.Clone();
        body[index] ^= 0x01;

        Assert.False(Verifier(SpecSecret).TryVerify(body, Headers(SpecId, SpecTimestamp, SpecSignature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
    }

    [Fact]
    public void A_body_with_a_byte_added_or_removed_is_rejected()
    {
        var verifier = Verifier(SpecSecret);

        Assert.False(verifier.TryVerify([.. SpecBodyBytes, (byte)'\n'], Headers(SpecId, SpecTimestamp, SpecSignature), out _));
        Assert.False(verifier.TryVerify(SpecBodyBytes.AsSpan(0, SpecBodyBytes.Length - 1), Headers(SpecId, SpecTimestamp, SpecSignature), out _));
    }

    [Fact]
    public void Re_serialized_json_is_rejected()
    {
        // The same JSON value, written again without the original whitespace: the bytes differ, so the signature does.
        var reserialized = JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(SpecBodyBytes).RootElement);
        Assert.Equal("""{"test":2432232314}""", Encoding.UTF8.GetString(reserialized));

        Assert.False(Verifier(SpecSecret).TryVerify(reserialized, Headers(SpecId, SpecTimestamp, SpecSignature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
        var e = Assert.Throws<OmsWebhookSignatureException>(() => Verifier(SpecSecret).VerifyAndParse(reserialized, Headers(SpecId, SpecTimestamp, SpecSignature)));
        Assert.Contains("raw request body", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SpecSignature)]
    [InlineData(SpecSignature + " v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + SpecSignature + " v1,//////////////////////////////////////////8=")]
    [InlineData("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,abc garbage , ,, v1,!!! v1, " + SpecSignature)]
    [InlineData("   " + SpecSignature + "   ")]
    [InlineData("v1,short " + SpecSignature + " v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void One_matching_entry_is_enough_and_others_are_skipped(string signature)
    {
        Assert.True(Verifier(SpecSecret).TryVerify(SpecBodyBytes, Headers(SpecId, SpecTimestamp, signature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.None, failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("whsec_")]
    [InlineData("whsec_!!!not*base64!!!")]
    [InlineData("whsec_3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0")]
    [InlineData("not a secret at all")]
    public void An_invalid_secret_fails_at_construction_without_revealing_it(string secret)
    {
        var e = Assert.Throws<ArgumentException>(() => Verifier(OmsSecret, secret));

        Assert.Contains("Secrets[1]", e.Message, StringComparison.Ordinal);
        if (secret.Trim().Length > "whsec_".Length)
        {
            Assert.DoesNotContain(secret["whsec_".Length..], e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(OmsSecret["whsec_".Length..], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_without_secrets_or_with_a_bad_tolerance_fail_at_construction()
    {
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => new OmsWebhookVerifier(new OmsWebhookVerifierOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => Verifier(OmsSecret, null!)).Message, StringComparison.Ordinal);
        foreach (var tolerance in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromHours(25) })
        {
            var e = Assert.Throws<ArgumentException>(() => new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [OmsSecret], Tolerance = tolerance }));
            Assert.Contains("Tolerance", e.Message, StringComparison.Ordinal);
        }

        Assert.Contains("TimeProvider", Assert.Throws<ArgumentException>(
            () => new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [OmsSecret], TimeProvider = null! })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new OmsWebhookVerifier(null!));
    }

    [Fact]
    public void Options_ToString_redacts_the_secrets()
    {
        var text = new OmsWebhookVerifierOptions { Secrets = [OmsSecret, PreviousOmsSecret] }.ToString();

        Assert.DoesNotContain(OmsSecret["whsec_".Length..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(PreviousOmsSecret["whsec_".Length..], text, StringComparison.Ordinal);
        Assert.Contains("2 × [redacted]", text, StringComparison.Ordinal);
        Assert.Contains("00:05:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_failure_message_is_distinct_and_says_what_to_check()
    {
        var failures = Enum.GetValues<OmsWebhookVerificationFailure>().Where(f => f != OmsWebhookVerificationFailure.None).ToList();
        var messages = failures.Select(f => new OmsWebhookSignatureException(f).Message).ToList();

        Assert.Equal(messages.Count, messages.Distinct().Count());
        Assert.All(messages, m => Assert.Contains("Check", m, StringComparison.Ordinal));
        Assert.Contains("clock", new OmsWebhookSignatureException(OmsWebhookVerificationFailure.TimestampTooOld).Message, StringComparison.Ordinal);
        Assert.Contains("both the new and the previous secret", new OmsWebhookSignatureException(OmsWebhookVerificationFailure.NoMatchingSignature).Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OmsException>(new OmsWebhookSignatureException(OmsWebhookVerificationFailure.MalformedTimestamp));
    }

    [Fact]
    public void Dictionary_headers_are_matched_case_insensitively()
    {
        var delivery = Signed("{}");
        var verifier = Verifier(OmsSecret);
        var mixedCase = new Dictionary<string, string>
        {
            ["Webhook-Id"] = delivery.Id,
            ["WEBHOOK-TIMESTAMP"] = delivery.Timestamp,
            ["webhook-signature"] = delivery.Signature,
            ["Content-Type"] = "application/json",
        };

        Assert.True(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(mixedCase), out _));
        Assert.True(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(new ReadOnlyDictionary<string, string>(mixedCase)), out _));
        Assert.True(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From((IDictionary<string, string>)mixedCase), out _));
        Assert.True(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(mixedCase.ToList()), out _));
        mixedCase.Remove("Webhook-Id");
        Assert.False(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(mixedCase), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.MissingIdHeader, failure);
    }

    [Fact]
    public void HttpHeaders_are_matched_case_insensitively()
    {
        var delivery = Signed(Envelope("wallet.depositDetected", "{}"));
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("Webhook-Id", delivery.Id);
        request.Headers.TryAddWithoutValidation("Webhook-Timestamp", delivery.Timestamp);
        request.Headers.TryAddWithoutValidation("Webhook-Signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        request.Headers.TryAddWithoutValidation("Webhook-Signature", delivery.Signature);
        var verifier = Verifier(OmsSecret);

        Assert.True(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(request.Headers), out _));
        Assert.Equal("wallet.depositDetected", verifier.VerifyAndParse(delivery.Body, OmsWebhookHeaders.From(request.Headers)).Type);
        Assert.Equal(delivery.Id, verifier.VerifyAndParse(delivery.Body, OmsWebhookHeaders.From(delivery.HeaderDictionary)).WebhookId);
        request.Headers.Remove("webhook-signature");
        Assert.False(verifier.TryVerify(delivery.Body, OmsWebhookHeaders.From(request.Headers), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.MissingSignatureHeader, failure);
    }

    [Fact]
    public void Non_ascii_webhook_ids_are_signed_as_utf8()
    {
        var delivery = Signed("{}", id: "msg_ünïcødé_✓");

        Assert.True(Verifier(OmsSecret).TryVerify(delivery.Body, delivery.Headers, out _));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void Either_reading_of_any_listed_secret_verifies(int secretIndex, bool hexReading)
    {
        // The verifier tries the first readings of all secrets before the second ones: the order must not lose a key.
        string[] secrets = [OmsSecret, PreviousOmsSecret, UnrelatedOmsSecret];
        var secret = secrets[secretIndex];
        var body = Encoding.UTF8.GetBytes("{}");
        var key = hexReading ? HexKey(secret) : Base64Key(secret);
        var signature = SignWithKey(key, "msg_reading", SpecTimestamp, body);

        Assert.True(Verifier(secrets).TryVerify(body, Headers("msg_reading", SpecTimestamp, signature), out var failure), failure.ToString());
    }

    [Fact]
    public void A_long_webhook_id_is_signed_whole()
    {
        var id = "msg_" + new string('x', 5000);
        var delivery = Signed("{}", id: id);
        var verifier = Verifier(OmsSecret);

        Assert.True(verifier.TryVerify(delivery.Body, delivery.Headers, out _));
        Assert.False(verifier.TryVerify(delivery.Body, Headers(id[..^1] + "y", delivery.Timestamp, delivery.Signature), out var failure));
        Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
    }

    [Fact]
    public async Task Concurrent_verifications_each_get_their_own_answer()
    {
        // The verifier reuses keyed HMAC states across calls: many threads at once must neither share one nor mix results.
        var verifier = Verifier(OmsSecret, PreviousOmsSecret);
        var deliveries = Enumerable.Range(0, 16)
            .Select(i => (Delivery: Signed($"{{\"n\": {i}}}", i % 2 == 0 ? OmsSecret : PreviousOmsSecret, id: $"msg_{i}"), Genuine: i % 3 != 0))
            .Select(d => d.Genuine ? d : (Delivery: d.Delivery with { Body = [.. d.Delivery.Body, (byte)' '] }, Genuine: false))
            .ToArray();

        var results = await Task.WhenAll(deliveries.Select(d => Task.Run(() =>
            Enumerable.Range(0, 300).All(round => verifier.TryVerify(d.Delivery.Body, d.Delivery.Headers, out _) == d.Genuine),
            TestContext.Current.CancellationToken)));

        Assert.All(results, Assert.True);
    }
}
