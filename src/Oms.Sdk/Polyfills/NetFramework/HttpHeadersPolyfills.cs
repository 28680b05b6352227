using System.Collections;

namespace System.Net.Http.Headers;

/// <summary>.NET Framework: the values of one header, as .NET 6's <c>HeaderStringValues</c>.</summary>
internal readonly struct HeaderStringValues(string[] values) : IReadOnlyCollection<string>
{
    /// <summary>How many values.</summary>
    public int Count => values.Length;

    /// <summary>The values joined with <c>", "</c>, as .NET writes them.</summary>
    public override string ToString() => values.Length == 1 ? values[0] : string.Join(", ", values);

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>.NET Framework: a collection's headers read as strings, as .NET 6's <c>HttpHeadersNonValidated</c>.</summary>
internal readonly struct HttpHeadersNonValidated(HttpHeaders headers) : IEnumerable<KeyValuePair<string, HeaderStringValues>>
{
    /// <summary>The values of <paramref name="headerName"/>; false when it is absent or not a header of this collection.</summary>
    public bool TryGetValues(string headerName, out HeaderStringValues values)
    {
        try
        {
            if (headers.TryGetValues(headerName, out var found))
            {
                values = new HeaderStringValues(found.ToArray());
                return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A name that is invalid, or belongs to another collection (content headers on a response), is absent here.
        }

        values = default;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, HeaderStringValues>> GetEnumerator()
    {
        foreach (var header in headers)
        {
            yield return new KeyValuePair<string, HeaderStringValues>(header.Key, new HeaderStringValues(header.Value.ToArray()));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
