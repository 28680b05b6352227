using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Packaging;

/// <summary>Runs alone, after the other tests: it builds in child processes and would slow timing-sensitive tests down.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class PackagingCollection;

/// <summary>
/// Proves the packages, not the projects: packs Oms.Sdk, Oms.Sdk.AspNetCore and Oms.Sdk.Testing into a fresh folder (and
/// Oms.Sdk once more as the next patch), checks what is in them, then builds the README's quickstart as a new console
/// project that gets them from that folder (and everything else from the machine's feed) and runs it against the fake OMS.
/// </summary>
[Collection(typeof(PackagingCollection))]
public sealed class PackageConsumerTests
{
    private static readonly string[] PackageIds = ["Oms.Sdk", "Oms.Sdk.AspNetCore", "Oms.Sdk.Testing"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Also proves the sister packages depend on Oms.Sdk with an ordinary minimum version: the consumer takes
    /// Oms.Sdk.Testing and Oms.Sdk.AspNetCore at the packed version and Oms.Sdk at a patch above it, with NU1608 (a
    /// dependency outside its constraint, as an exact pin <c>[X]</c> gives) an error, and must restore, build and run.
    /// </summary>
    [Fact]
    public async Task The_packages_restore_without_NU1608_beside_a_patch_of_Oms_Sdk_and_run_the_README_quickstart()
    {
        var repository = RepositoryPaths.Root;
        // A version no earlier run used, so no package of that version can be served from the NuGet cache.
        var prefix = VersionPrefix(repository);
        var suffix = $"ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var version = $"{prefix}-{suffix}";
        var patchPrefix = NextPatch(prefix);
        var patch = $"{patchPrefix}-{suffix}";
        var work = Directory.CreateTempSubdirectory("oms-sdk-package-test-");
        try
        {
            var packages = Directory.CreateDirectory(Path.Combine(work.FullName, "packages")).FullName;
            var pack = await PackAsync(repository, work.FullName, packages, suffix);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            var packPatch = await PackOmsSdkPatchAsync(repository, work.FullName, packages, patchPrefix, suffix);
            Assert.True(packPatch.ExitCode == 0, packPatch.ToString());
            AssertPackages(packages, version, patch, pack);

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            WriteConsumerProject(consumer, packages, version, patch, QuickstartFromReadme(repository));
            var build = await DotnetAsync(consumer, TimeSpan.FromMinutes(4), "build", "-nodeReuse:false", "-c", "Release", "-o", "out");
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("NU1608", build.Output, StringComparison.Ordinal);
            var assets = File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"));
            Assert.Contains($"\"Oms.Sdk/{patch}\"", assets, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"Oms.Sdk/{version}\"", assets, StringComparison.Ordinal);
            Assert.Contains($"\"Oms.Sdk.Testing/{version}\"", assets, StringComparison.Ordinal);
            Assert.Contains($"\"Oms.Sdk.AspNetCore/{version}\"", assets, StringComparison.Ordinal);

            var run = await DotnetAsync(consumer, TimeSpan.FromMinutes(1), Path.Combine("out", "Consumer.dll"));

            Assert.True(run.ExitCode == 0, run.ToString());
            AssertPrinted(run, @"^Created cst_\w+$");
            AssertPrinted(run, @"^Retrieved cst_\w+: Jane Smith, Active$");
            AssertPrinted(run, @"^Listed cst_\w+ <jane@example\.com>$");
            AssertPrinted(run, @"^cst_\w+ holds the usd endorsement$");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"pack {pack.Elapsed.TotalSeconds:0.0} s, Oms.Sdk patch pack {packPatch.Elapsed.TotalSeconds:0.0} s, consumer build {build.Elapsed.TotalSeconds:0.0} s, consumer run {run.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            work.Delete(recursive: true);
            ForgetCachedPackages(version, patch);
        }
    }

    private static void AssertPrinted(ProcessResult run, [StringSyntax(StringSyntaxAttribute.Regex)] string line) =>
        Assert.True(Regex.IsMatch(run.Output, line, RegexOptions.Multiline), $"No line matches {line}:{Environment.NewLine}{run}");

    /// <summary>Packs the three projects in one command, with bin and obj under the temporary folder so the checkout is untouched.</summary>
    private static Task<ProcessResult> PackAsync(string repository, string work, string packages, string versionSuffix)
    {
        var solution = Path.Combine(work, "packages.slnx");
        File.WriteAllText(solution, new XElement(
            "Solution",
            PackageIds.Select(id => new XElement("Project", new XAttribute("Path", Path.Combine(repository, "src", id, id + ".csproj"))))).ToString());
        return DotnetAsync(
            repository,
            TimeSpan.FromMinutes(5),
            "pack", solution, "-c", "Release", "-nodeReuse:false", "-o", packages, "--artifacts-path", Path.Combine(work, "artifacts"), "--version-suffix", versionSuffix);
    }

    /// <summary>
    /// Packs Oms.Sdk alone again as the next patch version (rebuilt, so its assembly version is the patch's too), into
    /// the same folder and with the same bin and obj as the first pack, so only Oms.Sdk is compiled again.
    /// </summary>
    private static Task<ProcessResult> PackOmsSdkPatchAsync(string repository, string work, string packages, string patchPrefix, string versionSuffix) =>
        DotnetAsync(
            repository,
            TimeSpan.FromMinutes(5),
            "pack", Path.Combine(repository, "src", "Oms.Sdk", "Oms.Sdk.csproj"), "-c", "Release", "-nodeReuse:false", "-o", packages,
            "--artifacts-path", Path.Combine(work, "artifacts"), "--version-suffix", versionSuffix, $"-p:VersionPrefix={patchPrefix}");

    /// <summary>0.2.0 gives 0.2.1.</summary>
    private static string NextPatch(string versionPrefix)
    {
        var parsed = Version.Parse(versionPrefix);
        return new Version(parsed.Major, parsed.Minor, parsed.Build + 1).ToString(3);
    }

    private static void AssertPackages(string packages, string version, string patch, ProcessResult pack)
    {
        Assert.True(
            PackageIds.Select(id => (Id: id, Version: version)).Append((Id: "Oms.Sdk", Version: patch)).SelectMany(p => new[] { $"{p.Id}.{p.Version}.nupkg", $"{p.Id}.{p.Version}.snupkg" }).Order()
                .SequenceEqual(Directory.GetFiles(packages).Select(f => Path.GetFileName(f)).Order()),
            $"Expected exactly a .nupkg and a .snupkg of each package, version {version}, and of Oms.Sdk {patch}, in {packages}:{Environment.NewLine}{pack}");

        foreach (var id in PackageIds)
        {
            using var package = ZipFile.OpenRead(Path.Combine(packages, $"{id}.{version}.nupkg"));
            var files = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", files);
            Assert.Contains($"lib/net10.0/{id}.dll", files);
            Assert.Contains($"lib/net10.0/{id}.xml", files);

            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(version, Field("version"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id);
            Assert.Contains("oms", Field("tags") ?? string.Empty, StringComparison.Ordinal);
            Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);

            // The sister packages take the Oms.Sdk they were built with or any later one (NuGet writes ">= X" as plain "X").
            var sdkDependency = metadata.Descendants().SingleOrDefault(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == "Oms.Sdk");
            if (id == "Oms.Sdk")
            {
                Assert.Null(sdkDependency);
            }
            else
            {
                Assert.Equal(version, sdkDependency?.Attribute("version")?.Value);
            }

            using var symbols = ZipFile.OpenRead(Path.Combine(packages, $"{id}.{version}.snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    /// <summary>
    /// A console project as a user would make it, outside this repository (no Directory.Build.props or global.json above
    /// it): the machine's NuGet configuration plus the folder just packed.
    /// </summary>
    private static void WriteConsumerProject(string directory, string packages, string version, string sdkVersion, string program)
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), new XElement(
            "configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "oms-sdk-under-test"), new XAttribute("value", packages)))).ToString());
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("Nullable", "enable"),
                new XElement("TreatWarningsAsErrors", "true"),
                // Named too, so that it stays an error whatever else changes: a sister package pinned to another Oms.Sdk.
                new XElement("WarningsAsErrors", "$(WarningsAsErrors);NU1608"),
                // The machine's feed serves a newer dependency of WireMock.Net than it asks for (as in Directory.Build.props).
                new XElement("NoWarn", "$(NoWarn);NU1603")),
            new XElement(
                "ItemGroup",
                new XElement("PackageReference", new XAttribute("Include", "Oms.Sdk"), new XAttribute("Version", sdkVersion)),
                new XElement("PackageReference", new XAttribute("Include", "Oms.Sdk.AspNetCore"), new XAttribute("Version", version)),
                new XElement("PackageReference", new XAttribute("Include", "Oms.Sdk.Testing"), new XAttribute("Version", version)))).ToString());
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
    }

    /// <summary>The C# block between the quickstart markers of README.md.</summary>
    private static string QuickstartFromReadme(string repository)
    {
        var readme = File.ReadAllText(Path.Combine(repository, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("<!-- quickstart:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- quickstart:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no <!-- quickstart:start --> … <!-- quickstart:end --> block.");
        var block = readme[start..end];
        const string Fence = "```csharp\n";
        var code = block.IndexOf(Fence, StringComparison.Ordinal);
        var close = block.LastIndexOf("```", StringComparison.Ordinal);
        Assert.True(code >= 0 && close > code, "The quickstart block of README.md holds no ```csharp code fence.");
        return block[(code + Fence.Length)..close];
    }

    private static Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        // The consumer must start the fake: never hand it real credentials from this environment.
        var environment = new Dictionary<string, string?>(ProcessRunner.DotnetEnvironment)
        {
            ["OMS_API_KEY"] = null,
            ["OMS_API_SECRET"] = null,
            ["OMS_BASE_URL"] = null,
        };
        return ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, timeout, environment, Ct);
    }

    /// <summary>The version set in Directory.Build.props, the one place it is set.</summary>
    private static string VersionPrefix(string repository) =>
        XDocument.Load(Path.Combine(repository, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    /// <summary>Removes this run's packages from the NuGet cache; nothing will ask for their versions again.</summary>
    private static void ForgetCachedPackages(params string[] versions)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var idFolder = Path.Combine(cache, id.ToLowerInvariant());
            try
            {
                foreach (var versionFolder in versions.Select(v => Path.Combine(idFolder, v.ToLowerInvariant())).Where(Directory.Exists))
                {
                    Directory.Delete(versionFolder, recursive: true);
                }

                if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
                {
                    Directory.Delete(idFolder);
                }
            }
            catch (IOException e)
            {
                Trace.WriteLine($"Could not remove {idFolder}: {e.Message}");
            }
        }
    }
}
