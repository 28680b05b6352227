using System.Text.RegularExpressions;

namespace Oms.Sdk.DependencyInjection;

/// <summary>.NET Framework: the bodies the regex source generator writes on .NET 7+ (the patterns stay in the attributes).</summary>
internal sealed partial class OmsClientOptionsValidator
{
    private static partial Regex VersionPath() => GeneratedRegexes.For(typeof(OmsClientOptionsValidator), nameof(VersionPath));
}
