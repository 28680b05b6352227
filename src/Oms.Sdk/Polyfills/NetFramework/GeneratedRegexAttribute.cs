namespace System.Text.RegularExpressions;

/// <summary>
/// .NET Framework: the attribute .NET 7+'s regex source generator reads. Here nothing generates code from it:
/// <see cref="Oms.Sdk.Polyfills.NetFramework.GeneratedRegexes"/> reads it at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
internal sealed class GeneratedRegexAttribute(string pattern, RegexOptions options = RegexOptions.None) : Attribute
{
    /// <summary>The pattern.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>The options.</summary>
    public RegexOptions Options { get; } = options;
}
