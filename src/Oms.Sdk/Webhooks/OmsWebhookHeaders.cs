using System.Net.Http.Headers;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Header look-ups for <see cref="OmsWebhookVerifier"/>, from the collections a delivery's headers come in. Names match
/// case-insensitively; a header sent on several lines reads as its values joined by spaces.
/// </summary>
/// <example><code>
/// OmsWebhookEvent evt = verifier.VerifyAndParse(body, OmsWebhookHeaders.From(requestMessage.Headers));
/// </code></example>
public static class OmsWebhookHeaders
{
    /// <summary>Looks headers up in a dictionary or a list of name/value pairs.</summary>
    /// <param name="headers">The request headers.</param>
    /// <returns>A look-up by name for the verifier.</returns>
    public static Func<string, string?> From(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return name => Find(headers, name);
    }

    /// <summary>Looks headers up in <see cref="HttpHeaders"/> (for example an <c>HttpRequestMessage</c>'s).</summary>
    /// <param name="headers">The request headers.</param>
    /// <returns>A look-up by name for the verifier.</returns>
    public static Func<string, string?> From(HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return name => headers.TryGetValues(name, out var values) ? string.Join(' ', values) : null;
    }

    private static string? Find(IEnumerable<KeyValuePair<string, string>> headers, string name)
    {
        // Most dictionaries hold the name as sent; try the canonical spelling first, then any spelling.
        if (headers is IReadOnlyDictionary<string, string> readOnly && readOnly.TryGetValue(name, out var exact))
        {
            return exact;
        }

        if (headers is IDictionary<string, string> dictionary && dictionary.TryGetValue(name, out exact))
        {
            return exact;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
