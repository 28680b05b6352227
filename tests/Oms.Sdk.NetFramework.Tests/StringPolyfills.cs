namespace Oms.Sdk.Tests;

/// <summary>.NET members the suite's source uses that .NET Framework lacks (and the Polyfill package does not add).</summary>
internal static class StringPolyfills
{
    /// <summary><c>string.Replace(string, string?, StringComparison)</c> for the ordinal comparison, the only one the suite uses.</summary>
    public static string Replace(this string text, string oldValue, string? newValue, StringComparison comparison) =>
        comparison == StringComparison.Ordinal
            ? text.Replace(oldValue, newValue)
            : throw new NotSupportedException($"Only StringComparison.Ordinal is supported here, not {comparison}.");
}
