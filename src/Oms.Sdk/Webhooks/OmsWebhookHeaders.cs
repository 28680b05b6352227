using System.Net.Http.Headers;

namespace Oms.Sdk.Webhooks;

/// <summary>Case-insensitive header look-ups for the verifier's overloads. A header sent on several lines reads as its values joined by spaces.</summary>
internal static class OmsWebhookHeaders
{
    public static string? Find(IEnumerable<KeyValuePair<string, string>> headers, string name)
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

    public static string? Find(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(' ', values) : null;
}
