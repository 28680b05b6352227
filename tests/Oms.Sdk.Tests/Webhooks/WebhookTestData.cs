using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Webhooks;

/// <summary>Secrets, deliveries and verifiers shared by the webhook tests.</summary>
internal static class WebhookTestData
{
    // The Standard Webhooks specification's test vector.
    public const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    public const string SpecTimestamp = "1614265330";
    public const string SpecBody = """{"test": 2432232314}""";
    public const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // OMS-form secrets: whsec_ + 64 hex digits (which also read as base64).
    public const string OmsSecret = "whsec_3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d";
    public const string PreviousOmsSecret = "whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string UnrelatedOmsSecret = "whsec_ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    public static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    public static FakeTimeProvider ClockAt(DateTimeOffset now) => new(now);

    public static OmsWebhookVerifier Verifier(TimeProvider clock, params string[] secrets) =>
        new(new OmsWebhookVerifierOptions { Secrets = secrets, TimeProvider = clock });

    public static OmsWebhookVerifier Verifier(params string[] secrets) => Verifier(ClockAt(SpecTime), secrets);

    public static Func<string, string?> Headers(string? id, string? timestamp, string? signature) => name => name switch
    {
        OmsWebhookVerifier.IdHeader => id,
        OmsWebhookVerifier.TimestampHeader => timestamp,
        OmsWebhookVerifier.SignatureHeader => signature,
        _ => null,
    };

    public static string Seconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Signs with a raw key, so a test can sign under either reading of a secret.</summary>
    public static string SignWithKey(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body.ToArray()).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    public static byte[] HexKey(string omsSecret) => Convert.FromHexString(omsSecret["whsec_".Length..]);

    public static byte[] Base64Key(string secret) => Convert.FromBase64String(secret["whsec_".Length..]);

    /// <summary>A delivery signed now (at <see cref="SpecTime"/>) with <paramref name="secret"/>.</summary>
    public static Delivery Signed(string body, string secret = OmsSecret, string id = "msg_test_1", DateTimeOffset? at = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var when = at ?? SpecTime;
        return new Delivery(id, Seconds(when), new OmsWebhookSigner(secret).Sign(id, when, bytes), bytes);
    }

    public static string CustomerJson(string endorsements = """[{"name": "usd", "status": "approved"}]""") => $$"""
        {"id": "cst_01H9Xa8F5dN6mP3q", "object": "customer", "type": "individual", "firstName": "Jane", "lastName": "Smith",
         "email": "jane@example.com", "status": "active", "endorsements": {{endorsements}},
         "metadata": {}, "createdAt": "2023-11-07T05:31:56Z", "updatedAt": "2023-11-07T05:31:56Z"}
        """;

    public static string Envelope(string type, string data, string? timestamp = "2026-01-15T10:30:00Z", string extra = "") =>
        $$"""{"type": "{{type}}", {{(timestamp is null ? "" : $"\"timestamp\": \"{timestamp}\", ")}}{{extra}}"data": {{data}}}""";

    internal sealed record Delivery(string Id, string Timestamp, string Signature, byte[] Body)
    {
        public Func<string, string?> Headers => WebhookTestData.Headers(Id, Timestamp, Signature);

        public Dictionary<string, string> HeaderDictionary => new()
        {
            [OmsWebhookVerifier.IdHeader] = Id,
            [OmsWebhookVerifier.TimestampHeader] = Timestamp,
            [OmsWebhookVerifier.SignatureHeader] = Signature,
        };
    }
}
