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
    private static readonly string[] PackageIds = ["Oms.Sdk", "Oms.Sdk.AspNetCore", "Oms.Sdk.Redis", "Oms.Sdk.Testing"];

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
            var pack = await PackAsync(repository, work.FullName, packages, version);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            var packPatch = await PackOmsSdkPatchAsync(repository, work.FullName, packages, patch);
            Assert.True(packPatch.ExitCode == 0, packPatch.ToString());
            AssertPackages(packages, version, patch, pack);

            // The production quickstart needs Oms.Sdk alone; "try it without an account" adds the fake.
            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            // On each runtime Oms.Sdk ships for: .NET 10, .NET 8 (run self-contained below, on the real 8.0 runtime) and
            // .NET Framework 4.7.2 (run on Mono), with no binding redirect written by hand.
            WriteConsumerProject(consumer, packages, ReadmeBlock(repository, "quickstart"), [("Oms.Sdk", version)], targetFrameworks: "net10.0;net8.0;net472");
            // The try-it consumer also proves the sister packages take a patch of Oms.Sdk (no exact pin, so no NU1608).
            var tryIt = Directory.CreateDirectory(Path.Combine(work.FullName, "try-without-account")).FullName;
            WriteConsumerProject(
                tryIt,
                packages,
                ReadmeBlock(repository, "try-without-account"),
                [("Oms.Sdk", patch), ("Oms.Sdk.AspNetCore", version), ("Oms.Sdk.Testing", version)],
                "TryIt");
            var solution = Path.Combine(work.FullName, "consumers.slnx");
            File.WriteAllText(solution, new XElement(
                "Solution",
                new XElement("Project", new XAttribute("Path", Path.Combine(consumer, "Consumer.csproj"))),
                new XElement("Project", new XAttribute("Path", Path.Combine(tryIt, "TryIt.csproj")))).ToString());
            var build = await DotnetAsync(work.FullName, TimeSpan.FromMinutes(4), "build", solution, "-nodeReuse:false", "-c", "Release");
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("NU1608", build.Output, StringComparison.Ordinal);
            var quickstartAssets = File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"));
            Assert.Contains($"Oms.Sdk/{version}", quickstartAssets, StringComparison.Ordinal);
            Assert.DoesNotContain("Oms.Sdk.Testing", quickstartAssets, StringComparison.Ordinal);
            Assert.DoesNotContain("WireMock", quickstartAssets, StringComparison.Ordinal);
            var tryItAssets = File.ReadAllText(Path.Combine(tryIt, "obj", "project.assets.json"));
            Assert.Contains($"\"Oms.Sdk/{patch}\"", tryItAssets, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"Oms.Sdk/{version}\"", tryItAssets, StringComparison.Ordinal);
            Assert.Contains($"\"Oms.Sdk.Testing/{version}\"", tryItAssets, StringComparison.Ordinal);
            Assert.Contains($"\"Oms.Sdk.AspNetCore/{version}\"", tryItAssets, StringComparison.Ordinal);
            var quickstartDll = Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll");

            // Without credentials the production quickstart refuses to run, and says what to set.
            var unset = await DotnetAsync(consumer, TimeSpan.FromMinutes(1), quickstartDll);
            Assert.True(unset.ExitCode == 2, unset.ToString());
            AssertPrinted(unset, "^Set OMS_API_KEY and OMS_API_SECRET");

            // With credentials it onboards a customer: here against a fake OMS in this test process, as it would against OMS.
            await using var oms = Oms.Sdk.Testing.FakeOmsServer.Start();
            var run = await DotnetAsync(consumer, TimeSpan.FromMinutes(1), [quickstartDll], new()
            {
                ["OMS_API_KEY"] = oms.ApiKey,
                ["OMS_API_SECRET"] = oms.ApiSecret,
                ["OMS_BASE_URL"] = oms.BaseAddress.ToString(),
            });
            Assert.True(run.ExitCode == 0, run.ToString());
            AssertPrinted(run, @"^Created cst_\w+$");
            AssertPrinted(run, @"^Retrieved cst_\w+: Jane Smith, Active$");
            AssertPrinted(run, @"^Listed cst_\w+ <jane@example\.com>$");
            AssertPrinted(run, @"^cst_\w+ holds the usd endorsement$");
            Assert.DoesNotContain(oms.ApiSecret, run.Output, StringComparison.Ordinal);

            // The same quickstart as a self-contained .NET 8 app (the 8.0 runtime pack from the feed: no roll-forward onto
            // .NET 10) and as a .NET Framework 4.7.2 app on Mono, against the same fake OMS.
            var net8 = Path.Combine(work.FullName, "consumer-net8.0");
            var publish = await DotnetAsync(consumer, TimeSpan.FromMinutes(4), "publish", "Consumer.csproj", "-nodeReuse:false", "-c", "Release", "-f", "net8.0", "-r", "linux-x64", "--self-contained", "-o", net8);
            Assert.True(publish.ExitCode == 0, publish.ToString());
            var environment = new Dictionary<string, string?>
            {
                ["OMS_API_KEY"] = oms.ApiKey,
                ["OMS_API_SECRET"] = oms.ApiSecret,
                ["OMS_BASE_URL"] = oms.BaseAddress.ToString(),
            };
            var runNet8 = await ProcessRunner.RunAsync(Path.Combine(net8, "Consumer"), [], consumer, TimeSpan.FromMinutes(1), Quiet(environment), Ct);
            Assert.True(runNet8.ExitCode == 0, runNet8.ToString());
            AssertPrinted(runNet8, @"^cst_\w+ holds the usd endorsement$");
            Assert.True(File.Exists(Path.Combine(net8, "libcoreclr.so")) && File.ReadAllText(Path.Combine(net8, "Consumer.deps.json")).Contains("Microsoft.NETCore.App.Runtime.linux-x64/8.0.", StringComparison.Ordinal), "The net8.0 consumer is not self-contained on the 8.0 runtime.");

            var exe = Path.Combine(consumer, "bin", "Release", "net472", "Consumer.exe");
            Assert.True(File.Exists(exe + ".config"), "The net472 consumer has no generated Consumer.exe.config (binding redirects).");
            var runMono = await ProcessRunner.RunAsync(MonoPath, [exe], consumer, TimeSpan.FromMinutes(1), Quiet(environment), Ct);
            Assert.True(runMono.ExitCode == 0, runMono.ToString());
            AssertPrinted(runMono, @"^Created cst_\w+$");
            AssertPrinted(runMono, @"^cst_\w+ holds the usd endorsement$");
            Assert.DoesNotContain(oms.ApiSecret, runMono.Output, StringComparison.Ordinal);

            var fake = await DotnetAsync(tryIt, TimeSpan.FromMinutes(1), Path.Combine(tryIt, "bin", "Release", "net10.0", "TryIt.dll"));
            Assert.True(fake.ExitCode == 0, fake.ToString());
            AssertPrinted(fake, @"^Created cst_\w+ on the fake OMS at http://127\.0\.0\.1:\d+/v0\.9/?$");
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
    private static Task<ProcessResult> PackAsync(string repository, string work, string packages, string version)
    {
        var solution = Path.Combine(work, "packages.slnx");
        File.WriteAllText(solution, new XElement(
            "Solution",
            PackageIds.Select(id => new XElement("Project", new XAttribute("Path", Path.Combine(repository, "src", id, id + ".csproj"))))).ToString());
        return DotnetAsync(
            repository,
            TimeSpan.FromMinutes(5),
            "pack", solution, "-c", "Release", "-nodeReuse:false", "-o", packages, "--artifacts-path", Path.Combine(work, "artifacts"), $"-p:MinVerVersionOverride={version}");
    }

    /// <summary>
    /// Packs Oms.Sdk alone again as the next patch version (rebuilt, so its assembly version is the patch's too), into
    /// the same folder and with the same bin and obj as the first pack, so only Oms.Sdk is compiled again.
    /// </summary>
    private static Task<ProcessResult> PackOmsSdkPatchAsync(string repository, string work, string packages, string patch) =>
        DotnetAsync(
            repository,
            TimeSpan.FromMinutes(5),
            "pack", Path.Combine(repository, "src", "Oms.Sdk", "Oms.Sdk.csproj"), "-c", "Release", "-nodeReuse:false", "-o", packages,
            "--artifacts-path", Path.Combine(work, "artifacts"), $"-p:MinVerVersionOverride={patch}");

    /// <summary>0.3.0 gives 0.3.1.</summary>
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
            Assert.Contains("icon.png", files);
            AssertOwnReadme(id, package.GetEntry("README.md")!);
            Assert.Contains($"lib/net10.0/{id}.dll", files);
            Assert.Contains($"lib/net10.0/{id}.xml", files);
            // Every package ships for .NET 8 too; Oms.Sdk also for .NET Framework 4.7.2+ (ASP.NET Core does not run there).
            Assert.Contains($"lib/net8.0/{id}.dll", files);
            Assert.Equal(id == "Oms.Sdk", files.Contains($"lib/net472/{id}.dll"));

            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(version, Field("version"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), id);
            Assert.Contains("oms", Field("tags") ?? string.Empty, StringComparison.Ordinal);
            var repositoryElement = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("git", repositoryElement.Attribute("type")?.Value);
            Assert.Equal(RepositoryUrl, repositoryElement.Attribute("url")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", repositoryElement.Attribute("commit")?.Value ?? string.Empty);
            Assert.Equal("icon.png", Field("icon"));
            Assert.Equal(RepositoryUrl, Field("projectUrl"));
            Assert.Contains(RepositoryUrl + "/blob/main/CHANGELOG.md", Field("releaseNotes") ?? string.Empty, StringComparison.Ordinal);

            // The sister packages take the Oms.Sdk they were built with or any later one (NuGet writes ">= X" as plain "X").
            // Oms.Sdk.Redis builds on the webhook endpoint, and takes Oms.Sdk through it.
            var dependsOn = id == "Oms.Sdk.Redis" ? "Oms.Sdk.AspNetCore" : "Oms.Sdk";
            // One dependency group per target framework, each naming its own dependencies.
            var groups = metadata.Elements().Where(e => e.Name.LocalName == "dependencies").Elements().Where(e => e.Name.LocalName == "group").ToList();
            Assert.Equal(
                id == "Oms.Sdk" ? new[] { ".NETFramework4.7.2", "net10.0", "net8.0" } : ["net10.0", "net8.0"],
                groups.Select(g => g.Attribute("targetFramework")?.Value).Order(StringComparer.Ordinal));
            foreach (var group in groups)
            {
                var sdkDependency = group.Elements().SingleOrDefault(e => e.Name.LocalName == "dependency" && e.Attribute("id")?.Value == dependsOn);
                if (id == "Oms.Sdk")
                {
                    Assert.Null(sdkDependency);
                }
                else
                {
                    Assert.Equal(version, sdkDependency?.Attribute("version")?.Value);
                }
            }

            using var symbols = ZipFile.OpenRead(Path.Combine(packages, $"{id}.{version}.snupkg"));
            Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
            AssertSourceLink(symbols.GetEntry($"lib/net10.0/{id}.pdb")!, repositoryElement.Attribute("commit")!.Value);
        }
    }

    private const string RepositoryUrl = "https://github.com/oms-sdk/oms-sdk-dotnet";

    /// <summary>The package's own short README: its name as the title, no contributor material, and only absolute links (relative ones break on a package page).</summary>
    private static void AssertOwnReadme(string id, ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        var readme = reader.ReadToEnd();
        Assert.StartsWith($"# {id}\n", readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(readme.Length < 8_000, $"{id}'s README is {readme.Length} characters: the package page needs the short one.");
        Assert.DoesNotContain("Repository layout", readme, StringComparison.Ordinal);
        var links = Regex.Matches(readme, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("https://", link, StringComparison.Ordinal));
    }

    /// <summary>The symbols map every source file to the repository at the packed commit (SourceLink), so a debugger can fetch them.</summary>
    private static void AssertSourceLink(ZipArchiveEntry pdbEntry, string commit)
    {
        using var pdb = new MemoryStream();
        using (var stream = pdbEntry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        var json = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == sourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(json);
        Assert.Contains($"https://raw.githubusercontent.com/oms-sdk/oms-sdk-dotnet/{commit}/*", json, StringComparison.Ordinal);
    }

    /// <summary>
    /// A console project as a user would make it, outside this repository (no Directory.Build.props or global.json above
    /// it): the machine's NuGet configuration plus the folder just packed.
    /// </summary>
    private static void WriteConsumerProject(string directory, string packages, string program, (string Id, string Version)[] references, string name = "Consumer", string targetFrameworks = "net10.0")
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), new XElement(
            "configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "oms-sdk-under-test"), new XAttribute("value", packages)))).ToString());
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFrameworks", targetFrameworks),
                // C# 7.3 is .NET Framework's default; the README's top-level program needs a newer one there.
                new XElement("LangVersion", "latest"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("Nullable", "enable"),
                new XElement("TreatWarningsAsErrors", "true"),
                // Named too, so that it stays an error whatever else changes: a sister package pinned to another Oms.Sdk.
                new XElement("WarningsAsErrors", "$(WarningsAsErrors);NU1608"),
                // The machine's feed serves a newer dependency of WireMock.Net than it asks for (as in Directory.Build.props).
                new XElement("NoWarn", "$(NoWarn);NU1603")),
            new XElement(
                "ItemGroup",
                references.Select(r => new XElement("PackageReference", new XAttribute("Include", r.Id), new XAttribute("Version", r.Version))))).ToString());
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
    }

    /// <summary>The C# block between the <c>&lt;!-- name:start --&gt;</c> and <c>&lt;!-- name:end --&gt;</c> markers of README.md.</summary>
    private static string ReadmeBlock(string repository, string name)
    {
        var readme = File.ReadAllText(Path.Combine(repository, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf($"<!-- {name}:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf($"<!-- {name}:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no <!-- {name}:start --> … <!-- {name}:end --> block.");
        var block = readme[start..end];
        const string Fence = "```csharp\n";
        var code = block.IndexOf(Fence, StringComparison.Ordinal);
        var close = block.LastIndexOf("```", StringComparison.Ordinal);
        Assert.True(code >= 0 && close > code, $"The {name} block of README.md holds no ```csharp code fence.");
        return block[(code + Fence.Length)..close];
    }

    /// <summary>Mono (Debian's mono-complete, which .ci/run installs), the .NET Framework runtime of this Linux machine.</summary>
    private static string MonoPath =>
        new[] { "/usr/bin/mono", "/usr/local/bin/mono" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Mono is not installed: apt-get install -y mono-complete (it runs the net472 consumer).");

    /// <summary>The fake's credentials and nothing else of this environment's OMS settings.</summary>
    private static Dictionary<string, string?> Quiet(Dictionary<string, string?> oms)
    {
        var environment = new Dictionary<string, string?>(ProcessRunner.DotnetEnvironment) { ["OMS_API_KEY"] = null, ["OMS_API_SECRET"] = null, ["OMS_BASE_URL"] = null };
        foreach (var (name, value) in oms)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        DotnetAsync(workingDirectory, timeout, arguments, []);

    private static Task<ProcessResult> DotnetAsync(string workingDirectory, TimeSpan timeout, string[] arguments, Dictionary<string, string?> oms)
    {
        // Never hand the consumer real credentials from this environment: only the fake's, when the test gives them.
        return ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, timeout, Quiet(oms), Ct);
    }

    /// <summary>
    /// The lowest release git versioning (MinVer, src/Directory.Build.props) gives a clone without a release tag: its
    /// MinVerMinimumMajorMinor, patch 0. The packs override the version (MinVerVersionOverride) with one made from it.
    /// </summary>
    private static string VersionPrefix(string repository) =>
        XDocument.Load(Path.Combine(repository, "src", "Directory.Build.props")).Descendants("MinVerMinimumMajorMinor").Single().Value + ".0";

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
