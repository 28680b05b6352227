using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Tests.Packaging;

namespace Oms.Sdk.Tests.Docs;

/// <summary>
/// Every C# block of the documentation compiles: all of them in one project, one build, against the assemblies this test
/// project was built with (the three packages' assemblies, ASP.NET Core, OpenTelemetry, xunit). A block is a complete
/// program (usings, top-level statements, then types) unless the line before it says
/// <c>&lt;!-- fragment: Type name, … --&gt;</c>: then it is the body of a method taking those parameters. Compiler
/// errors point at the page and line of the block (<c>#line</c>).
/// </summary>
[Collection(typeof(PackagingCollection))]
public sealed partial class CSharpSnippetTests
{
    private const string FragmentMarker = "fragment:";

    private static readonly string[] FragmentUsings =
        ["System.Net", "Oms.Sdk", "Oms.Sdk.Webhooks", "Oms.Sdk.Testing", "OpenTelemetry.Trace", "OpenTelemetry.Metrics"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_documentation_has_csharp_blocks_and_the_paging_page_names_CustomerPage_Items()
    {
        var blocks = DocBlocks.All.Where(b => b.Language == "csharp").ToList();

        Assert.True(blocks.Count >= 20, $"{blocks.Count} C# blocks");
        Assert.Contains(blocks, b => b.Page == "README.md" && b.Marker is null);
        Assert.Contains("CustomerPage.Items", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "paging.md")), StringComparison.Ordinal);
        Assert.All(blocks, b => Assert.True(
            b.Marker is null || b.Marker.StartsWith(FragmentMarker, StringComparison.Ordinal) || b.Marker.EndsWith(":start", StringComparison.Ordinal)
                || b.Marker.StartsWith(AppTestBlockTests.AppMarker, StringComparison.Ordinal) || b.Marker.StartsWith(AppTestBlockTests.TestMarker, StringComparison.Ordinal),
            $"{b}: unknown marker <!-- {b.Marker} -->"));
    }

    [Fact]
    public async Task Every_csharp_block_of_the_documentation_compiles_in_one_build()
    {
        // The test of an app is built beside its app, in projects of their own, and run (AppTestBlockTests).
        var blocks = DocBlocks.All.Where(b => b.Language == "csharp" && b.Marker?.StartsWith(AppTestBlockTests.TestMarker, StringComparison.Ordinal) != true).ToList();
        var work = Directory.CreateTempSubdirectory("oms-sdk-doc-snippets-");
        try
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                File.WriteAllText(Path.Combine(work.FullName, $"Block{i:000}.cs"), Wrap(blocks[i], i));
            }

            File.WriteAllText(Path.Combine(work.FullName, "GlobalUsings.cs"), "global using Xunit;\n");
            WriteProject(work.FullName);

            var build = await ProcessRunner.RunAsync(
                "dotnet", ["build", "-nodeReuse:false", "-c", "Debug", "-v", "q", "-clp:NoSummary"], work.FullName, TimeSpan.FromMinutes(4), ProcessRunner.DotnetEnvironment, Ct);

            Assert.True(build.ExitCode == 0, $"The documentation's C# blocks do not compile (errors name the page and line):{Environment.NewLine}{build}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>One block as a compilation unit of its own namespace, so that blocks may reuse names.</summary>
    internal static string Wrap(DocBlock block, int index)
    {
        var code = block.Code.Split('\n');
        var text = new StringBuilder();
        var body = 0;
        var isFragment = block.Marker?.StartsWith(FragmentMarker, StringComparison.Ordinal) == true;
        if (isFragment)
        {
            foreach (var name in FragmentUsings)
            {
                text.Append("using ").Append(name).Append(";\n");
            }
        }
        else
        {
            // A program's own using directives stay at the top; `using var …` is a statement, not one of them.
            for (; body < code.Length && (UsingDirective().IsMatch(code[body]) || string.IsNullOrWhiteSpace(code[body]) || code[body].StartsWith("//", StringComparison.Ordinal)); body++)
            {
                if (UsingDirective().IsMatch(code[body]))
                {
                    text.Append(code[body]).Append('\n');
                }
            }
        }

        // Types declared after the statements (at the start of a line, attributes included) go beside the wrapper.
        var types = isFragment ? code.Length : Array.FindIndex(code, body, l => TypeDeclaration().IsMatch(l));
        if (types < 0)
        {
            types = code.Length;
        }

        var parameters = isFragment ? block.Marker![FragmentMarker.Length..].Trim() : "string[] args";
        text.Append($"namespace DocSnippets.Block{index:000};\n\n");
        text.Append("internal static class Snippet\n{\n");
        text.Append(isFragment ? $"    public static async Task<object?> RunAsync({parameters})\n    {{\n" : $"    public static async Task<int> RunAsync({parameters})\n    {{\n");
        text.Append($"#line {block.Line + body} \"{Path.Combine(RepositoryPaths.Root, block.Page)}\"\n");
        text.AppendJoin('\n', code[body..types]).Append('\n');
        text.Append("#line default\n");
        text.Append(isFragment ? "        return null;\n    }\n}\n" : "        return 0;\n    }\n}\n");
        if (types < code.Length)
        {
            text.Append($"#line {block.Line + types} \"{Path.Combine(RepositoryPaths.Root, block.Page)}\"\n");
            text.AppendJoin('\n', code[types..]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// A class library on the Web SDK (what <c>dotnet new web</c> uses; its implicit usings are a superset of a console
    /// app's) that references every assembly of this test's output that the shared frameworks do not already provide.
    /// </summary>
    private static void WriteProject(string directory)
    {
        var references = ReferencedAssemblies(_ => true);
        File.WriteAllText(Path.Combine(directory, "DocSnippets.csproj"), new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk.Web"),
            new XElement(
                "PropertyGroup",
                new XElement("OutputType", "Library"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("Nullable", "enable"),
                new XElement("TreatWarningsAsErrors", "true"),
                // A block is read, not run: awaits it does not need, code after its own return, values it does not use.
                new XElement("NoWarn", "$(NoWarn);CS1998;CS0162;CS0168;CS0219;CS8321;CS1591;NU1603"),
                new XElement("GenerateDocumentationFile", "false")),
            new XElement("ItemGroup", references.Select(path => new XElement("Reference", new XAttribute("Include", path))))).ToString());
    }

    /// <summary>
    /// The assemblies of this test's output that the shared frameworks do not already provide, but this test project's own
    /// and the samples', and those <paramref name="keep"/> (given a file name) refuses.
    /// </summary>
    internal static IEnumerable<string> ReferencedAssemblies(Func<string, bool> keep)
    {
        // The documentation compiles as .NET 10 projects beside the shared frameworks (only the net10.0 leg builds Docs/).
        var frameworks = new[] { typeof(object).Assembly.Location, typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location }
            .Select(Path.GetDirectoryName)
            .SelectMany(d => Directory.GetFiles(d!, "*.dll"))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => !frameworks.Contains(Path.GetFileName(path)))
            .Where(path => !Path.GetFileName(path).StartsWith("Oms.Sdk.Tests", StringComparison.Ordinal) && !Path.GetFileName(path).StartsWith("Oms.Sdk.Samples.", StringComparison.Ordinal))
            .Where(path => keep(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^using (static )?[A-Za-z_][\w.]*;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^(\[|(public |internal |file |sealed |static |abstract |partial |readonly )*(class|record|struct|interface|enum) )")]
    private static partial Regex TypeDeclaration();
}
