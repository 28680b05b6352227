namespace Oms.Sdk.Testing.Internal;

/// <summary>One request as the fake's endpoints see it, free of WireMock types.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path below the version prefix, still escaped as sent (for example <c>/customers/cst_1</c>).</param>
/// <param name="Query">The query string without <c>?</c>, still escaped; empty when there is none.</param>
/// <param name="Headers">The request headers, names compared case-insensitively.</param>
/// <param name="Body">The raw body bytes; empty when there is none.</param>
internal sealed record FakeOmsCall(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
