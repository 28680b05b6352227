namespace System.Buffers;

/// <summary>.NET Framework: a fixed set of characters to look for, as <c>System.Buffers.SearchValues</c> makes on .NET 8+.</summary>
internal static class SearchValues
{
    /// <summary>The set of the characters of <paramref name="values"/>.</summary>
    public static SearchValues<char> Create(string values) => new(values);
}

/// <summary>.NET Framework: the characters of <see cref="SearchValues.Create(string)"/> (a plain scan: the sets are a few characters).</summary>
internal sealed class SearchValues<T>
    where T : IEquatable<T>
{
    private readonly string _values;

    internal SearchValues(string values) => _values = values;

    /// <summary>Whether <paramref name="value"/> is in the set.</summary>
    public bool Contains(char value) => _values.IndexOf(value) >= 0;

    /// <summary>The index of the first character of <paramref name="span"/> in the set, or -1.</summary>
    internal int IndexOfAnyIn(ReadOnlySpan<char> span) => span.IndexOfAny(_values.AsSpan());
}

/// <summary>.NET Framework: <c>span.IndexOfAny(SearchValues)</c>, as <c>MemoryExtensions</c> has on .NET 8+.</summary>
internal static class SearchValuesSpanExtensions
{
    /// <summary>The index of the first character of <paramref name="span"/> that is in <paramref name="values"/>, or -1.</summary>
    public static int IndexOfAny(this ReadOnlySpan<char> span, SearchValues<char> values) => values.IndexOfAnyIn(span);
}
