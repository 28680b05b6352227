using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tool.Verify;

/// <summary>The verdict on one delivery: the SDK's <see cref="OmsWebhookVerifier"/> decides, this class explains.</summary>
/// <param name="Valid">Whether the delivery verifies.</param>
/// <param name="Verdict">The first words: <c>valid</c>, or <c>invalid: …</c> naming the kind of fault.</param>
/// <param name="Details">One sentence or more: what exactly is wrong and what to check.</param>
internal sealed record DeliveryDiagnosis(bool Valid, string Verdict, string Details)
{
    public const string NoSecretMatches = "invalid: no secret matches";
    public const string BodyAltered = "invalid: body altered";
    public const string OutOfTolerance = "invalid: timestamp out of tolerance";
    public const string HeaderMissing = "invalid: header missing";
    public const string HeaderMalformed = "invalid: header malformed";

    /// <summary>Ways a body is commonly changed between the sender and a verifier, each with the change that undoes it.</summary>
    private static readonly (string Change, Func<byte[], byte[]?> Undo)[] Alterations =
    [
        ("a trailing newline was added", body => EndsWith(body, "\r\n") ? body[..^2] : EndsWith(body, "\n") ? body[..^1] : null),
        ("line endings were changed from LF to CRLF", body => Replace(body, "\r\n", "\n")),
        ("line endings were changed from CRLF to LF", body => Replace(body, "\n", "\r\n")),
        ("the trailing newline was removed", body => [.. body, (byte)'\n']),
        ("the JSON was re-serialized (its whitespace or escaping changed)", body => Reserialize(body, JavaScriptEncoder.Default)),
        ("the JSON was re-serialized (its whitespace or escaping changed)", body => Reserialize(body, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)),
    ];

    public static DeliveryDiagnosis Diagnose(byte[] body, IReadOnlyDictionary<string, string> headers, IList<string> secrets, TimeSpan tolerance, TimeProvider clock)
    {
        var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = secrets, Tolerance = tolerance, TimeProvider = clock });
        string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;
        verifier.TryVerify(body, Header, out var failure);
        var id = Header(OmsWebhookVerifier.IdHeader);
        var timestamp = Header(OmsWebhookVerifier.TimestampHeader);
        switch (failure)
        {
            case OmsWebhookVerificationFailure.None:
                return new(true, "valid", $"webhook-id {id}, signed at {Instant(timestamp!)}{EventType(body)}.");
            case OmsWebhookVerificationFailure.MissingIdHeader or OmsWebhookVerificationFailure.MissingTimestampHeader or OmsWebhookVerificationFailure.MissingSignatureHeader:
                var missing = failure switch
                {
                    OmsWebhookVerificationFailure.MissingIdHeader => OmsWebhookVerifier.IdHeader,
                    OmsWebhookVerificationFailure.MissingTimestampHeader => OmsWebhookVerifier.TimestampHeader,
                    _ => OmsWebhookVerifier.SignatureHeader,
                };
                var present = headers.Count == 0 ? "none" : string.Join(", ", headers.Keys);
                return new(false, HeaderMissing, $"{missing} is missing or empty (headers present: {present}). {OmsWebhookFailureText.Describe(failure)}");
            case OmsWebhookVerificationFailure.MalformedTimestamp:
                return new(false, HeaderMalformed, $"webhook-timestamp is '{Clip(timestamp!)}', not a whole number of Unix seconds.");
            case OmsWebhookVerificationFailure.MalformedSignatureHeader:
                return new(false, HeaderMalformed, $"webhook-signature ('{Clip(Header(OmsWebhookVerifier.SignatureHeader)!)}') holds no 'v1,<base64 of a 32-byte HMAC-SHA256>' entry; entries are separated by spaces.");
            case OmsWebhookVerificationFailure.TimestampTooOld or OmsWebhookVerificationFailure.TimestampTooNew:
                return OutOfToleranceDiagnosis(body, headers, secrets, tolerance, clock, failure);
            default:
                return NoMatchDiagnosis(body, headers, secrets, tolerance, clock);
        }
    }

    private static DeliveryDiagnosis OutOfToleranceDiagnosis(byte[] body, IReadOnlyDictionary<string, string> headers, IList<string> secrets, TimeSpan tolerance, TimeProvider clock, OmsWebhookVerificationFailure failure)
    {
        var seconds = long.Parse(headers[OmsWebhookVerifier.TimestampHeader], NumberStyles.None, CultureInfo.InvariantCulture);
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(false, OutOfTolerance, $"webhook-timestamp {seconds} lies beyond the year 9999.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var age = clock.GetUtcNow() - signedAt;
        var beyond = (long)Math.Ceiling(Math.Abs(age.TotalSeconds) - tolerance.TotalSeconds);
        var when = failure == OmsWebhookVerificationFailure.TimestampTooOld
            ? $"signed {(long)age.TotalSeconds} s ago ({Instant(signedAt)})"
            : $"signed {(long)-age.TotalSeconds} s in the future ({Instant(signedAt)})";

        // Checked at the signing instant, the signature tells a stale but authentic delivery from a forged one.
        var thenDiagnosis = Diagnose(body, headers, secrets, tolerance, new FixedClock(signedAt));
        var signature = thenDiagnosis.Valid
            ? "The signature itself matches: an authentic delivery replayed, delayed or saved for later, or a clock off."
            : $"The signature does not match either ({thenDiagnosis.Verdict}: {thenDiagnosis.Details})";
        return new(false, OutOfTolerance, $"{when}: {beyond} s beyond the {(long)tolerance.TotalSeconds} s tolerance. {signature}");
    }

    private static DeliveryDiagnosis NoMatchDiagnosis(byte[] body, IReadOnlyDictionary<string, string> headers, IList<string> secrets, TimeSpan tolerance, TimeProvider clock)
    {
        var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = secrets, Tolerance = tolerance, TimeProvider = clock });
        foreach (var (change, undo) in Alterations)
        {
            if (undo(body) is { } original && !original.AsSpan().SequenceEqual(body)
                && verifier.TryVerify(original, OmsWebhookHeaders.From(headers), out _))
            {
                return new(false, BodyAltered, $"{change} after signing: the signature matches the body as it was before. Verify the raw request bytes exactly as received, before any JSON parsing, decoding or editing.");
            }
        }

        var count = secrets.Count == 1 ? "the secret given" : $"any of the {secrets.Count} secrets given";
        return new(false, NoSecretMatches, $"no v1 signature in webhook-signature matches the body under {count}, and no common change to the body (newlines, re-serialized JSON) explains it. Check that the secret is this endpoint's (during a rotation pass both with --secret twice), then that the body is byte for byte what was sent.");
    }

    private static string EventType(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? $", event {type.GetString()}"
                : string.Empty;
        }
        catch (JsonException)
        {
            return ", body not JSON";
        }
    }

    private static string Instant(string unixSeconds) =>
        long.TryParse(unixSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? Instant(DateTimeOffset.FromUnixTimeSeconds(seconds)) : unixSeconds;

    private static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Clip(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static bool EndsWith(byte[] body, string tail) => body.AsSpan().EndsWith(Encoding.ASCII.GetBytes(tail));

    private static byte[]? Replace(byte[] body, string from, string to)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Contains(from, StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal)) : null;
    }

    /// <summary>The body written again as compact JSON with the given escaping, as a sender's serializer writes it.</summary>
    private static byte[]? Reserialize(byte[] body, JavaScriptEncoder encoder)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
            {
                document.RootElement.WriteTo(writer);
            }

            return buffer.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A clock stopped at one instant: the verifier's view at the moment a delivery was signed.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
