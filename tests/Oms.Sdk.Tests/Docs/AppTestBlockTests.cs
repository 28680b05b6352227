using System.Text.RegularExpressions;
using System.Xml.Linq;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Tests.Packaging;

namespace Oms.Sdk.Tests.Docs;

/// <summary>
/// A documented app and its documented test run as a reader would run them: the block after <c>&lt;!-- app: Name --&gt;</c>
/// becomes <c>Name/Program.cs</c> of a web project, the block after <c>&lt;!-- test: Name --&gt;</c> the only source of
/// <c>Name.Tests</c>, an xunit v3 project with the packages the page names (xunit.v3.mtp-v2, Microsoft.AspNetCore.Mvc.Testing
/// 10.0.*) and a reference to the app; the SDK's assemblies are the ones these tests were built with. The test project is
/// built and run, and must pass.
/// </summary>
[Collection(typeof(PackagingCollection))]
public sealed partial class AppTestBlockTests
{
    public const string AppMarker = "app:";
    public const string TestMarker = "test:";

    /// <summary>What the test project gets from packages, not from this test's output.</summary>
    private static readonly string[] FromPackages =
        ["xunit", "Microsoft.Testing.", "Microsoft.TestPlatform.", "Microsoft.VisualStudio.", "Microsoft.AspNetCore.Mvc.Testing", "Microsoft.AspNetCore.TestHost", "Microsoft.Extensions.DependencyModel"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Apps => new(Blocks(AppMarker).Select(b => Name(b, AppMarker)));

    [Fact]
    public void The_testing_page_has_an_app_with_its_test()
    {
        Assert.Contains(Blocks(AppMarker), b => b.Page == "docs/testing.md");
        Assert.Equal(Blocks(AppMarker).Select(b => Name(b, AppMarker)).Order(), Blocks(TestMarker).Select(b => Name(b, TestMarker)).Order());
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task The_documented_test_of_the_documented_app_builds_in_projects_of_their_own_and_passes(string name)
    {
        var app = Blocks(AppMarker).Single(b => Name(b, AppMarker) == name);
        var test = Blocks(TestMarker).Single(b => Name(b, TestMarker) == name);
        var work = Directory.CreateTempSubdirectory("oms-sdk-doc-app-");
        try
        {
            var appDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;
            var testDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, name + ".Tests")).FullName;
            var references = CSharpSnippetTests.ReferencedAssemblies(file => !FromPackages.Any(p => file.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
            File.WriteAllText(Path.Combine(appDirectory, "Program.cs"), $"#line {app.Line} \"{Path.Combine(RepositoryPaths.Root, app.Page)}\"\n{app.Code}\n");
            File.WriteAllText(Path.Combine(appDirectory, name + ".csproj"), Project("Microsoft.NET.Sdk.Web", null, references, []).ToString());
            File.WriteAllText(Path.Combine(testDirectory, "Tests.cs"), $"#line {test.Line} \"{Path.Combine(RepositoryPaths.Root, test.Page)}\"\n{test.Code}\n");
            File.WriteAllText(Path.Combine(testDirectory, name + ".Tests.csproj"), Project(
                "Microsoft.NET.Sdk",
                "Exe",
                references,
                [
                    new XElement("PackageReference", new XAttribute("Include", "xunit.v3.mtp-v2"), new XAttribute("Version", CentralVersion("xunit.v3.mtp-v2"))),
                    new XElement("PackageReference", new XAttribute("Include", "Microsoft.AspNetCore.Mvc.Testing"), new XAttribute("Version", "10.0.*")),
                    new XElement("ProjectReference", new XAttribute("Include", Path.Combine("..", name, name + ".csproj"))),
                ]).ToString());

            var build = await ProcessRunner.RunAsync(
                "dotnet", ["build", testDirectory, "-nodeReuse:false", "-c", "Debug", "-v", "q", "-clp:NoSummary"], work.FullName, TimeSpan.FromMinutes(8), ProcessRunner.DotnetEnvironment, Ct);
            Assert.True(build.ExitCode == 0, $"The documented app or its test does not build (errors name the page and line):{Environment.NewLine}{build}");
            var run = await ProcessRunner.RunAsync(
                "dotnet", [Path.Combine(testDirectory, "bin", "Debug", "net10.0", name + ".Tests.dll")], testDirectory, TimeSpan.FromMinutes(3), ProcessRunner.DotnetEnvironment, Ct);

            Assert.True(run.ExitCode == 0, $"The documented test of {name} fails:{Environment.NewLine}{run}");
            Assert.Matches(SucceededOne(), run.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static IEnumerable<DocBlock> Blocks(string marker) =>
        DocBlocks.All.Where(b => b.Language == "csharp" && b.Marker?.StartsWith(marker, StringComparison.Ordinal) == true);

    private static string Name(DocBlock block, string marker) => block.Marker![marker.Length..].Trim();

    /// <summary>A project outside this repository (no Directory.Build.props above it), as the page's commands make one.</summary>
    private static XElement Project(string sdk, string? outputType, IEnumerable<string> references, XElement[] items) => new(
        "Project",
        new XAttribute("Sdk", sdk),
        new XElement(
            "PropertyGroup",
            outputType is null ? null : new XElement("OutputType", outputType),
            new XElement("TargetFramework", "net10.0"),
            new XElement("ImplicitUsings", "enable"),
            new XElement("Nullable", "enable"),
            new XElement("NoWarn", "$(NoWarn);NU1603")),
        new XElement("ItemGroup", items, references.Select(path => new XElement("Reference", new XAttribute("Include", path)))));

    /// <summary>The version this repository pins centrally, so the page's package resolves from the machine's feed.</summary>
    private static string CentralVersion(string id) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => e.Attribute("Include")?.Value == id).Attribute("Version")!.Value;

    /// <summary>The summary line of xunit v3's runner (the test executable run directly): one test, and it passed.</summary>
    [GeneratedRegex(@"Total: 1, Errors: 0, Failed: 0, Skipped: 0")]
    private static partial Regex SucceededOne();
}
