using System.Text;
using CsCheck;
using Oms.Sdk.Webhooks;
using static Oms.Sdk.Tests.Webhooks.WebhookTestData;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>Whatever arrives, the verifier answers with a documented result and never throws.</summary>
public sealed class OmsWebhookVerifierPropertyTests
{
    private static readonly OmsWebhookVerifier SpecVerifier = Verifier(SpecSecret, OmsSecret);

    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Gen.Const(Encoding.UTF8.GetBytes(SpecBody)),
        Gen.String.Select(s => Encoding.UTF8.GetBytes(s)));

    private static readonly Gen<string?> Ids = Gen.OneOf(Gen.Const((string?)SpecId), Gen.Const((string?)null), Gen.String.Select(s => (string?)s));

    // Timestamps near the clock (some inside the tolerance), arbitrary numbers, and arbitrary text.
    private static readonly Gen<string?> Timestamps = Gen.OneOf(
        Gen.Const((string?)SpecTimestamp),
        Gen.Int[-400, 400].Select(d => (string?)Seconds(SpecTime.AddSeconds(d))),
        Gen.Long.Select(l => (string?)l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.String.Select(s => (string?)s),
        Gen.Const((string?)null));

    // Signature headers built from plausible and implausible entries, including the one genuine signature.
    private static readonly Gen<string> Entries = Gen.OneOf(
        Gen.Const(SpecSignature),
        Gen.Byte.Array[32].Select(b => "v1," + Convert.ToBase64String(b)),
        Gen.Byte.Array[0, 64].Select(b => "v1," + Convert.ToBase64String(b)),
        Gen.OneOf(Gen.Const("v1a,"), Gen.Const("v2,"), Gen.Const("v1,"), Gen.Const(",")).Select(Gen.String, (p, s) => p + s),
        Gen.String);

    private static readonly Gen<string?> SignatureHeaders = Gen.OneOf(
        Entries.Array[0, 6].Select(e => (string?)string.Join(' ', e)),
        Gen.Const((string?)null));

    [Fact]
    public void Arbitrary_deliveries_only_ever_yield_a_documented_result()
    {
        var outcomes = new HashSet<OmsWebhookVerificationFailure>();

        Gen.Select(Bodies, Ids, Timestamps, SignatureHeaders).Sample((body, id, timestamp, signature) =>
        {
            var ok = SpecVerifier.TryVerify(body, Headers(id, timestamp, signature), out var failure);

            Assert.True(Enum.IsDefined(failure), $"undocumented failure {failure}");
            Assert.Equal(ok, failure == OmsWebhookVerificationFailure.None);
            if (ok)
            {
                // Nothing verifies without the genuine MAC of exactly this id, timestamp and body.
                Assert.Equal(SpecId, id);
                Assert.Equal(SpecTimestamp, timestamp);
                Assert.Equal(SpecBody, Encoding.UTF8.GetString(body));
                Assert.Contains(SpecSignature, signature!.Split(' '));
            }

            lock (outcomes)
            {
                outcomes.Add(failure);
            }
        }, iter: 20_000);

        // The generators reach every outcome, so the property above was tested against each of them.
        Assert.Equal(Enum.GetValues<OmsWebhookVerificationFailure>().Length, outcomes.Count);
    }

    [Fact]
    public void Genuine_deliveries_verify_and_any_changed_byte_is_caught()
    {
        var verifier = Verifier(OmsSecret);
        var signer = new OmsWebhookSigner(OmsSecret);

        Gen.Select(Gen.String[1, 40], Gen.Int[-300, 300], Gen.Byte.Array[1, 2000], Gen.Int[0, int.MaxValue], Gen.Byte[1, 255])
            .Sample((id, offset, body, position, flip) =>
            {
                var signedAt = SpecTime.AddSeconds(offset);
                var headers = Headers(id, Seconds(signedAt), signer.Sign(id, signedAt, body));
                Assert.True(verifier.TryVerify(body, headers, out _));

                var changed = (byte[])body.Clone();
                changed[position % changed.Length] ^= flip;
                Assert.False(verifier.TryVerify(changed, headers, out var failure));
                Assert.Equal(OmsWebhookVerificationFailure.NoMatchingSignature, failure);
            }, iter: 2_000);
    }

    [Fact]
    public void Authentic_arbitrary_bodies_parse_to_an_event_or_a_payload_error_only()
    {
        var verifier = Verifier(OmsSecret);
        var signer = new OmsWebhookSigner(OmsSecret);
        var types = Gen.OneOf(Gen.Const("customer.endorsement.granted"), Gen.Const("customer.updated"), Gen.Const("wallet.depositDetected"), Gen.String);
        var values = Gen.OneOf(Gen.Const("{}"), Gen.Const("null"), Gen.Const("[]"), Gen.Const("1"), Gen.Const(CustomerJson()), Gen.String.Select(s => $"\"{s}\""));
        var bodies = Gen.OneOf(
            Gen.Select(types, values, values, (t, d, ts) => $$"""{"type": "{{t}}", "timestamp": {{ts}}, "data": {{d}}}"""),
            Gen.String);

        bodies.Sample(body =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var headers = Headers("msg_p", SpecTimestamp, signer.Sign("msg_p", SpecTime, bytes));
            try
            {
                var evt = verifier.VerifyAndParse(bytes, headers);
                Assert.Equal("msg_p", evt.WebhookId);
                Assert.False(string.IsNullOrEmpty(evt.Type));
            }
            catch (OmsWebhookPayloadException)
            {
                // Documented: authentic, not an envelope.
            }
        }, iter: 5_000);
    }
}
