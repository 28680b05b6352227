using Oms.Sdk.Engine;

namespace Oms.Sdk.Http;

/// <summary>The checks of an <see cref="OmsRequestOptions"/>, made when the call starts, before anything is sent.</summary>
internal static class OmsRequestOptionsValidator
{
    /// <summary>The headers the SDK writes itself: a caller's value would fight the token, the retries or the body.</summary>
    private static readonly string[] OwnedHeaders = ["Authorization", OmsIdempotencyKey.Header, "Content-Type", "Content-Length", "Host"];

    /// <summary>
    /// Checks <paramref name="options"/> (if any) and returns the call's <c>Idempotency-Key</c> as given: the argument, the
    /// option, or <see langword="null"/>. The key itself is checked where it is used.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid, or the argument and the option name different keys.</exception>
    public static string? Validate(OmsRequestOptions? options, string? idempotencyKey)
    {
        if (options is null)
        {
            return idempotencyKey;
        }

        if (options.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan))
        {
            throw new ArgumentException($"OmsRequestOptions.Timeout must be positive (it is this call's total budget, retries included), not {timeout}.", "requestOptions");
        }

        if (options.MaxRetries is < 0)
        {
            throw new ArgumentException($"OmsRequestOptions.MaxRetries must be 0 (one attempt) or more, not {options.MaxRetries}.", "requestOptions");
        }

        if (idempotencyKey is not null && options.IdempotencyKey is not null && !string.Equals(idempotencyKey, options.IdempotencyKey, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "The idempotencyKey argument and OmsRequestOptions.IdempotencyKey name different keys; give one of them (or the same value in both).",
                "requestOptions");
        }

        foreach (var (name, value) in options.Headers)
        {
            ValidateHeader(name, value);
        }

        return idempotencyKey ?? options.IdempotencyKey;
    }

    private static void ValidateHeader(string name, string? value)
    {
        foreach (var owned in OwnedHeaders)
        {
            if (string.Equals(name, owned, StringComparison.OrdinalIgnoreCase))
            {
                var instead = owned == OmsIdempotencyKey.Header ? " Use OmsRequestOptions.IdempotencyKey." : owned.StartsWith("Content", StringComparison.Ordinal) ? " Use OmsRequest.Content (sent as application/json)." : string.Empty;
                throw new ArgumentException($"OmsRequestOptions.Headers cannot set '{owned}': the SDK owns that header.{instead}", "requestOptions");
            }
        }

        if (name.Length == 0 || !IsToken(name))
        {
            throw new ArgumentException($"OmsRequestOptions.Headers has the name '{Printable(name)}', which is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only).", "requestOptions");
        }

        if (value is null || !IsFieldValue(value))
        {
            throw new ArgumentException($"OmsRequestOptions.Headers['{name}'] is not a valid HTTP header value: it must be printable ASCII (spaces and tabs allowed inside), without line breaks.", "requestOptions");
        }
    }

    /// <summary>An RFC 9110 token: what a header name may be.</summary>
    internal static bool IsToken(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A header value: visible ASCII, with spaces and tabs inside but not at the ends.</summary>
    private static bool IsFieldValue(string value)
    {
        if (value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '!' and <= '~') or ' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A name as it can be shown in a message: control characters escaped.</summary>
    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
