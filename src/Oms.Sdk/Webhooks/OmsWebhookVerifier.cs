using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Oms.Sdk.Diagnostics;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Verifies OMS webhook deliveries (Standard Webhooks, <c>v1</c> HMAC-SHA256) and parses the verified ones into typed
/// events. Thread-safe; build one and share it. The one place the webhook scheme lives.
/// </summary>
/// <remarks>
/// <para>
/// Signed content: the UTF-8 of <c>{webhook-id}.{webhook-timestamp}.</c> followed by the raw body bytes. The
/// <c>webhook-signature</c> header is a space-separated list of <c>v1,&lt;base64&gt;</c> entries; one matching entry is
/// enough, and entries of other versions or malformed ones are skipped. Every key of every secret is tried (an OMS secret
/// stands for two keys: its hex reading and the Standard Webhooks base64 reading), the first reading of every secret
/// before any second reading, and the first key that matches ends the search. A <c>webhook-timestamp</c> (Unix
/// seconds) further than <see cref="OmsWebhookVerifierOptions.Tolerance"/> from now, either way, is rejected.
/// </para>
/// <para>
/// Pass the body exactly as received: JSON that was parsed and written again differs in bytes and never verifies.
/// Verification allocates nothing on the heap once warm (headers are looked up, not copied; the body is hashed where it
/// lies with keyed HMAC states that are reused), except that more concurrent verifications than there are spare states
/// make new ones.
/// </para>
/// </remarks>
/// <example><code>
/// var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [secret] });
/// OmsWebhookEvent evt = verifier.VerifyAndParse(bodyBytes, name => request.Headers[name]);
/// // Headers in a dictionary or an HttpHeaders: OmsWebhookHeaders.From(headers).
/// </code></example>
public sealed class OmsWebhookVerifier
{
    /// <summary>The <c>webhook-id</c> header: the delivery's id, the same across OMS's retries.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The <c>webhook-timestamp</c> header: when the delivery was signed, in Unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The <c>webhook-signature</c> header: space-separated <c>v1,&lt;base64&gt;</c> entries.</summary>
    public const string SignatureHeader = "webhook-signature";

    private const int MacSize = 256 / 8; // HMAC-SHA256
    private const int StackPrefixBytes = 256;

    // The latest instant DateTimeOffset can hold; later timestamps are "too new" without arithmetic that could overflow.
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly ReusableHmacSha256[] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The secrets, tolerance and clock.</param>
    /// <exception cref="ArgumentException">
    /// The options are invalid: no secret, a secret that is neither form, or a tolerance out of range. The message names the
    /// problem and never contains a secret.
    /// </exception>
    public OmsWebhookVerifier(OmsWebhookVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = OmsWebhookVerifierOptionsValidator
            .Failures(nameof(OmsWebhookVerifierOptions), options.Secrets, options.Tolerance, options.TimeProvider)
            .ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid OmsWebhookVerifierOptions: " + string.Join(" ", failures), nameof(options));
        }

        _keys = [.. OmsWebhookVerifierOptionsValidator.ReadAllKeys(options.Secrets).Select(key => new ReusableHmacSha256(key))];
        _tolerance = options.Tolerance;
        _timeProvider = options.TimeProvider;
    }

    /// <summary>The tolerance this verifier checks timestamps with.</summary>
    public TimeSpan Tolerance => _tolerance;

    /// <summary>Verifies a delivery.</summary>
    /// <param name="body">The raw request body, byte for byte as received.</param>
    /// <param name="headers">
    /// Looks up a header by its lower-case name (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>);
    /// returns <see langword="null"/> (or empty) when the header is missing. It must match names case-insensitively.
    /// <see cref="OmsWebhookHeaders.From(IEnumerable{KeyValuePair{string, string}})"/> and
    /// <see cref="OmsWebhookHeaders.From(System.Net.Http.Headers.HttpHeaders)"/> make one from a dictionary or <c>HttpHeaders</c>.
    /// </param>
    /// <param name="failure">Why verification failed, or <see cref="OmsWebhookVerificationFailure.None"/>.</param>
    /// <returns><see langword="true"/> when the delivery is authentic and within the tolerance.</returns>
    public bool TryVerify(ReadOnlySpan<byte> body, Func<string, string?> headers, out OmsWebhookVerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(headers);
        failure = Verify(body, headers(IdHeader), headers(TimestampHeader), headers(SignatureHeader), out _);
        return failure == OmsWebhookVerificationFailure.None;
    }

    /// <summary>Verifies a delivery, then parses it into a typed event.</summary>
    /// <param name="body">The raw request body, byte for byte as received.</param>
    /// <param name="headers">Looks up a header by its lower-case name; returns <see langword="null"/> when missing.</param>
    /// <returns>
    /// A <see cref="CustomerEndorsementGrantedEvent"/>, a <see cref="CustomerEvent"/>, or an <see cref="UnknownOmsEvent"/> for
    /// a type this SDK does not know.
    /// </returns>
    /// <exception cref="OmsWebhookSignatureException">Verification failed; <see cref="OmsWebhookSignatureException.Failure"/> says why.</exception>
    /// <exception cref="OmsWebhookPayloadException">The delivery is authentic but its body is not an OMS event envelope.</exception>
    public OmsWebhookEvent VerifyAndParse(ReadOnlySpan<byte> body, Func<string, string?> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var id = headers(IdHeader);
        var failure = Verify(body, id, headers(TimestampHeader), headers(SignatureHeader), out var timestamp);
        return failure == OmsWebhookVerificationFailure.None
            ? OmsWebhookEventParser.Parse(body, id!, timestamp)
            : throw new OmsWebhookSignatureException(failure);
    }

    /// <summary>
    /// Verifies a delivery and parses it only when it verified, without throwing for a failed verification: the path of a
    /// receiver (such as <c>MapOmsWebhooks</c>), where a flood of forged requests must not cost an exception each.
    /// </summary>
    /// <param name="body">The raw request body, byte for byte as received.</param>
    /// <param name="headers">Looks up a header by its lower-case name; returns <see langword="null"/> when missing.</param>
    /// <param name="evt">The typed event when the delivery verified; otherwise <see langword="null"/>.</param>
    /// <param name="failure">Why verification failed, or <see cref="OmsWebhookVerificationFailure.None"/> when <paramref name="evt"/> is set.</param>
    /// <returns><see langword="true"/> when the delivery is authentic, within the tolerance, and parsed into <paramref name="evt"/>.</returns>
    /// <exception cref="OmsWebhookPayloadException">
    /// The delivery is authentic but its body is not an OMS event envelope: OMS itself sent something else, which no retry fixes.
    /// </exception>
    public bool TryVerifyAndParse(ReadOnlySpan<byte> body, Func<string, string?> headers, [NotNullWhen(true)] out OmsWebhookEvent? evt, out OmsWebhookVerificationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var id = headers(IdHeader);
        failure = Verify(body, id, headers(TimestampHeader), headers(SignatureHeader), out var timestamp);
        evt = failure == OmsWebhookVerificationFailure.None ? OmsWebhookEventParser.Parse(body, id!, timestamp) : null;
        return evt is not null;
    }

    private OmsWebhookVerificationFailure Verify(ReadOnlySpan<byte> body, string? id, string? timestamp, string? signature, out DateTimeOffset signedAt)
    {
        // With no listener StartActivity returns null and the counter is disabled: verification stays allocation-free.
        using var activity = OmsTelemetry.Source.StartActivity("oms.webhooks.verify", ActivityKind.Internal);
        activity?.SetTag(OmsTelemetry.WebhookIdTag, id);
        var failure = VerifyCore(body, id, timestamp, signature, out signedAt);
        OmsTelemetry.RecordVerification(activity, failure);
        return failure;
    }

    private OmsWebhookVerificationFailure VerifyCore(ReadOnlySpan<byte> body, string? id, string? timestamp, string? signature, out DateTimeOffset signedAt)
    {
        signedAt = default;
        if (string.IsNullOrEmpty(id))
        {
            return OmsWebhookVerificationFailure.MissingIdHeader;
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return OmsWebhookVerificationFailure.MissingTimestampHeader;
        }

        if (string.IsNullOrEmpty(signature))
        {
            return OmsWebhookVerificationFailure.MissingSignatureHeader;
        }

        // Digits only: no sign, no spaces, no exponent. The header is a plain decimal number of seconds.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return OmsWebhookVerificationFailure.MalformedTimestamp;
        }

        var freshness = CheckFreshness(seconds);
        if (freshness != OmsWebhookVerificationFailure.None)
        {
            return freshness;
        }

        signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return MatchSignature(body, id, timestamp, signature);
    }

    private OmsWebhookVerificationFailure CheckFreshness(long seconds)
    {
        if (seconds > MaxUnixSeconds)
        {
            return OmsWebhookVerificationFailure.TimestampTooNew;
        }

        var age = _timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age > _tolerance ? OmsWebhookVerificationFailure.TimestampTooOld
            : -age > _tolerance ? OmsWebhookVerificationFailure.TimestampTooNew
            : OmsWebhookVerificationFailure.None;
    }

    private OmsWebhookVerificationFailure MatchSignature(ReadOnlySpan<byte> body, string id, string timestamp, string signature)
    {
        Span<byte> candidate = stackalloc byte[MacSize + 3];
        if (!HasV1Entry(signature, candidate))
        {
            return OmsWebhookVerificationFailure.MalformedSignatureHeader;
        }

        // The signed content is "{id}.{timestamp}." + body. The prefix is built on the stack and hashed before the body,
        // where it lies: no copy of the body, nothing on the heap. The timestamp is digits only (checked above).
        var prefixLength = Encoding.UTF8.GetByteCount(id) + timestamp.Length + 2;
        byte[]? rentedPrefix = null;
        Span<byte> prefix = prefixLength <= StackPrefixBytes
            ? stackalloc byte[StackPrefixBytes]
            : (rentedPrefix = ArrayPool<byte>.Shared.Rent(prefixLength));
        prefix = prefix[..prefixLength];
        var written = Encoding.UTF8.GetBytes(id, prefix);
        prefix[written++] = (byte)'.';
        written += Encoding.ASCII.GetBytes(timestamp, prefix[written..]);
        prefix[written] = (byte)'.';

        Span<byte> mac = stackalloc byte[MacSize];
        try
        {
            // One MAC per key, computed only when the keys before it matched no entry: the keys OMS signs with come first
            // (see ReadAllKeys), so a delivery signed with the first secret costs one MAC however many are configured.
            foreach (var key in _keys)
            {
                key.Compute(prefix, body, mac);
                foreach (var range in signature.AsSpan().Split(' '))
                {
                    if (TryReadV1Entry(signature.AsSpan(range), candidate, out var entry) && CryptographicOperations.FixedTimeEquals(entry, mac))
                    {
                        return OmsWebhookVerificationFailure.None;
                    }
                }
            }

            return OmsWebhookVerificationFailure.NoMatchingSignature;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mac);
            if (rentedPrefix is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPrefix);
            }
        }
    }

    private static bool HasV1Entry(string signature, Span<byte> buffer)
    {
        foreach (var range in signature.AsSpan().Split(' '))
        {
            if (TryReadV1Entry(signature.AsSpan(range), buffer, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads one <c>v1,&lt;base64 of 32 bytes&gt;</c> entry; anything else (other versions, bad base64, wrong length) is not one.</summary>
    private static bool TryReadV1Entry(ReadOnlySpan<char> entry, Span<byte> buffer, out ReadOnlySpan<byte> mac)
    {
        mac = default;
        var comma = entry.IndexOf(',');
        if (comma < 0 || entry[..comma] is not "v1")
        {
            return false;
        }

        // The buffer is a little larger than a MAC, so a longer value fails on length rather than on space.
        if (!Convert.TryFromBase64Chars(entry[(comma + 1)..], buffer, out var written) || written != MacSize)
        {
            return false;
        }

        mac = buffer[..MacSize];
        return true;
    }
}
