namespace System.Net.Http;

/// <summary>
/// .NET Framework: the key of a per-request option, as <c>System.Net.Http.HttpRequestOptionsKey&lt;TValue&gt;</c> is on
/// .NET 5+. Refit stores a <c>[Property]</c> argument in <see cref="HttpRequestMessage.Properties"/> under the same name.
/// </summary>
internal readonly struct HttpRequestOptionsKey<TValue>(string key)
{
    /// <summary>The property name.</summary>
    public string Key { get; } = key;
}
