namespace System.Net.Http;

/// <summary>
/// .NET Framework: typed reads and writes of a request's <see cref="HttpRequestMessage.Properties"/>, as
/// <c>HttpRequestMessage.Options</c> gives on .NET 5+ (see <see cref="HttpRequestMessagePolyfill"/>).
/// </summary>
internal readonly struct HttpRequestOptions(IDictionary<string, object?> properties)
{
    /// <summary>Reads the value stored under <paramref name="key"/> when it has type <typeparamref name="TValue"/>.</summary>
    public bool TryGetValue<TValue>(HttpRequestOptionsKey<TValue> key, out TValue value)
    {
        if (properties.TryGetValue(key.Key, out var stored) && stored is TValue typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Set<TValue>(HttpRequestOptionsKey<TValue> key, TValue value) => properties[key.Key] = value;
}
