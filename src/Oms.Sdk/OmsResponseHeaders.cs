using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;

namespace Oms.Sdk;

/// <summary>
/// The headers of an OMS answer, content headers included: names compared without regard to case, a repeated header's
/// values joined with <c>", "</c>. A value that carries the client's secret or the call's bearer token is redacted, as
/// everywhere else. Immutable.
/// </summary>
/// <example><code>
/// OmsResponse&lt;Customer&gt; response = await client.Customers.GetWithResponseAsync(customerId, cancellationToken: ct);
/// if (response.Headers.TryGetValue("X-RateLimit-Remaining", out string? remaining)) { /* … */ }
/// </code></example>
public sealed class OmsResponseHeaders : IReadOnlyCollection<KeyValuePair<string, string>>
{
    private readonly Dictionary<string, string> _values;

    private OmsResponseHeaders(Dictionary<string, string> values) => _values = values;

    /// <summary>No headers.</summary>
    public static OmsResponseHeaders Empty { get; } = new(new Dictionary<string, string>(0, StringComparer.OrdinalIgnoreCase));

    /// <summary>How many distinct header names there are.</summary>
    public int Count => _values.Count;

    /// <summary>Gets a header's value, repeated values joined with <c>", "</c>.</summary>
    /// <param name="name">The header name, in any letter case.</param>
    /// <param name="value">The value, when the header is present.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetValue(string name, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _values.TryGetValue(name, out value);
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A snapshot of an answer's headers, each value passed through <paramref name="redact"/>.</summary>
    internal static OmsResponseHeaders From(HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, Func<string?, string?> redact)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(values, headers.NonValidated, redact);
        if (contentHeaders is not null)
        {
            Add(values, contentHeaders.NonValidated, redact);
        }

        return new OmsResponseHeaders(values);
    }

    private static void Add(Dictionary<string, string> values, HttpHeadersNonValidated headers, Func<string?, string?> redact)
    {
        foreach (var (name, header) in headers)
        {
            var joined = header.Count == 1 ? header.ToString() : string.Join(", ", header);
            values[name] = values.TryGetValue(name, out var earlier) ? earlier + ", " + redact(joined) : redact(joined) ?? string.Empty;
        }
    }
}
