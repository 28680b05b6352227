using System.Text.Json;
using System.Text.RegularExpressions;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Packaging;

/// <summary>
/// Every package an app gets by referencing <c>Oms.Sdk</c> is justified in <c>docs/dependencies.md</c>: the package set
/// restored for <c>src/Oms.Sdk</c> (its <c>obj/project.assets.json</c>, what NuGet hands a consumer: the non-private
/// references and everything they bring) may not grow beyond the documented list.
/// </summary>
public sealed partial class DependencyDietTests
{
    private static readonly string AssetsFile = Path.Combine(RepositoryPaths.Root, "src", "Oms.Sdk", "obj", "project.assets.json");
    private static readonly string Document = Path.Combine(RepositoryPaths.Root, "docs", "dependencies.md");

    /// <summary>The packages a consumer of Oms.Sdk restores: the closure of its non-private package references.</summary>
    internal static SortedSet<string> ConsumerPackages(string framework = "net10.0")
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(AssetsFile));
        var root = assets.RootElement;
        var target = root.GetProperty("targets").GetProperty(framework);
        var byId = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() == "package")
            {
                byId[library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)]] = library.Value;
            }
        }

        var pending = new Stack<string>();
        foreach (var reference in root.GetProperty("project").GetProperty("frameworks").GetProperty(framework).GetProperty("dependencies").EnumerateObject())
        {
            var privateAssets = reference.Value.TryGetProperty("suppressParent", out var suppress) && suppress.GetString() == "All";
            var implicitReference = reference.Value.TryGetProperty("autoReferenced", out var auto) && auto.GetBoolean();
            if (!privateAssets && !implicitReference)
            {
                pending.Push(reference.Name);
            }
        }

        var closure = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        while (pending.TryPop(out var id))
        {
            if (!closure.Add(id) || !byId.TryGetValue(id, out var library) || !library.TryGetProperty("dependencies", out var dependencies))
            {
                continue;
            }

            foreach (var dependency in dependencies.EnumerateObject())
            {
                pending.Push(dependency.Name);
            }
        }

        return closure;
    }

    /// <summary>The package ids in the first column of the table under "## Oms.Sdk" in docs/dependencies.md.</summary>
    internal static SortedSet<string> DocumentedPackages(string heading = "Oms.Sdk")
    {
        var text = File.ReadAllText(Document);
        var start = text.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/dependencies.md has no '## {heading}' section.");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        return new SortedSet<string>(TableRow().Matches(section).Select(m => m.Groups[1].Value), StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^\| `([A-Za-z0-9_.\-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [Theory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    [InlineData("net472")]
    public void Oms_sdk_brings_no_package_that_docs_dependencies_md_does_not_justify(string framework)
    {
        var actual = ConsumerPackages(framework);
        var documented = DocumentedPackages();
        if (framework != "net10.0")
        {
            // An older target may add packages, each justified in its own table; net10.0 gains none.
            documented.UnionWith(DocumentedPackages("Oms.Sdk on " + framework));
        }

        Assert.NotEmpty(actual);
        var undocumented = actual.Except(documented, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(
            undocumented.Count == 0,
            $"Oms.Sdk on {framework} now brings {string.Join(", ", undocumented)}: remove it, or add it to docs/dependencies.md (the Oms.Sdk table, or the one for {framework}) with what it is for.");
    }

    [Fact]
    public void The_heavy_packages_it_shed_stay_out()
    {
        var actual = ConsumerPackages();

        Assert.Contains("Polly.Core", actual);
        Assert.Contains("Refit", actual);
        foreach (var shed in new[] { "Microsoft.Extensions.Http.Resilience", "Microsoft.Extensions.Telemetry", "Microsoft.Extensions.Compliance.Abstractions", "Microsoft.Extensions.AmbientMetadata.Application", "Microsoft.Extensions.DependencyInjection.AutoActivation", "Microsoft.Extensions.Diagnostics.ExceptionSummarization", "Microsoft.Extensions.Http.Diagnostics", "Polly.Extensions", "Polly.RateLimiting", "Refit.HttpClientFactory" })
        {
            Assert.DoesNotContain(shed, actual);
        }
    }
}
