using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Oms.Sdk.Polyfills.NetFramework;

/// <summary>
/// .NET Framework has no regular-expression source generator: the partial methods marked <c>[GeneratedRegex]</c> get
/// their body from this, which reads the pattern and options from that same attribute (so each pattern is still written
/// once) and builds one compiled <see cref="Regex"/> per method.
/// </summary>
internal static class GeneratedRegexes
{
    private static readonly ConcurrentDictionary<MethodInfo, Regex> Cache = new();

    /// <summary>The regex of the <c>[GeneratedRegex]</c> partial method <paramref name="method"/> of <paramref name="type"/>.</summary>
    public static Regex For(Type type, string method)
    {
        var info = type.GetMethod(method, BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{type.FullName} has no static method {method}.");
        return Cache.GetOrAdd(info, static m =>
        {
            var attribute = m.GetCustomAttribute<GeneratedRegexAttribute>()
                ?? throw new InvalidOperationException($"{m.DeclaringType?.FullName}.{m.Name} has no [GeneratedRegex].");
            return new Regex(attribute.Pattern, attribute.Options | RegexOptions.Compiled);
        });
    }
}
