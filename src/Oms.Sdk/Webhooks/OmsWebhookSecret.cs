using System.Buffers.Text;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Reads a webhook endpoint secret into the HMAC key(s) it may stand for. Project ruling: an OMS secret is
/// <c>whsec_</c> + 64 hex digits and keys the HMAC with the 32 hex-decoded bytes; the Standard Webhooks spec instead
/// base64-decodes what follows <c>whsec_</c>. An OMS-form secret yields both keys (hex first); any other secret is
/// read the spec's way.
/// </summary>
internal static class OmsWebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>Returns the candidate keys, the one OMS signs with first.</summary>
    /// <exception cref="ArgumentException">The secret is empty or neither form; the message never contains the secret.</exception>
    public static byte[][] ReadKeys(string secret, string paramName)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("A webhook secret is empty; copy the endpoint's whsec_… secret from OMS.", paramName);
        }

        // Base64 decoding skips whitespace, so a secret written with echo (a trailing newline, common in Kubernetes secrets)
        // would read as a different key and every delivery would fail to verify: refuse it here, where the mistake is made.
        if (char.IsWhiteSpace(secret[0]) || char.IsWhiteSpace(secret[^1]))
        {
            throw new ArgumentException(
                "A webhook secret has a space or line break at its start or end (a secret file or variable written with echo "
                + "ends with a newline): trim it, or write it with echo -n / printf '%s'.",
                paramName);
        }

        var body = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret.AsSpan(Prefix.Length) : secret.AsSpan();
        if (body.Length == 64 && IsHex(body))
        {
            var keys = new List<byte[]>(2) { Convert.FromHexString(body) };
            if (TryBase64(body) is { } spec)
            {
                keys.Add(spec);
            }

            return [.. keys];
        }

        return TryBase64(body) is { Length: > 0 } key
            ? [key]
            : throw new ArgumentException(
                $"A webhook secret is neither an OMS secret ({Prefix} followed by 64 hex digits) nor a Standard Webhooks secret ({Prefix} followed by base64). Check for a truncated or mistyped secret.",
                paramName);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[]? TryBase64(ReadOnlySpan<char> text)
    {
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Convert.TryFromBase64Chars(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
