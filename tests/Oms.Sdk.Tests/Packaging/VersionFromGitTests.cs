using System.Text.RegularExpressions;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Packaging;

/// <summary>
/// The packages' version comes from git (MinVer, src/Directory.Build.props). In a clone of this repository (what CI
/// builds): every commit packs a pre-release of its own, above MinVerMinimumMajorMinor when no release tag is there, and a
/// commit tagged <c>vX.Y.Z</c> packs as X.Y.Z.
/// </summary>
[Collection(typeof(PackagingCollection))]
public sealed partial class VersionFromGitTests
{
    private static readonly Dictionary<string, string?> GitIdentity = new()
    {
        ["GIT_AUTHOR_NAME"] = "test", ["GIT_AUTHOR_EMAIL"] = "test@example.com", ["GIT_COMMITTER_NAME"] = "test", ["GIT_COMMITTER_EMAIL"] = "test@example.com",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_commit_packs_a_pre_release_of_its_own_and_a_release_tag_gives_the_release_version()
    {
        var work = Directory.CreateTempSubdirectory("oms-sdk-version-test-");
        try
        {
            var clone = Path.Combine(work.FullName, "clone");
            await RunAsync(work.FullName, "git", "clone", "--quiet", RepositoryPaths.Root, clone);
            var hasReleaseTag = (await RunAsync(clone, "git", "tag", "--list", "v*")).Length > 0;

            var before = await PackageVersionAsync(clone);
            await RunAsync(clone, "git", "commit", "--quiet", "--allow-empty", "-m", "one more commit");
            var after = await PackageVersionAsync(clone);
            await RunAsync(clone, "git", "tag", "v9.8.7");
            var released = await PackageVersionAsync(clone);

            var first = PreRelease().Match(before);
            var second = PreRelease().Match(after);
            Assert.True(first.Success && second.Success, $"Not pre-releases: {before} then {after}");
            Assert.Equal(first.Groups["release"].Value, second.Groups["release"].Value);
            Assert.True(int.Parse(second.Groups["height"].Value, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(first.Groups["height"].Value, System.Globalization.CultureInfo.InvariantCulture), $"{before} then {after}");
            if (!hasReleaseTag)
            {
                Assert.Equal("0.3.0", first.Groups["release"].Value);   // MinVerMinimumMajorMinor: above the published 0.2.0
            }

            Assert.Equal("9.8.7", released);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The version MinVer gives Oms.Sdk in <paramref name="clone"/> (restored first, as a build would).</summary>
    private static Task<string> PackageVersionAsync(string clone) =>
        RunAsync(clone, "dotnet", "msbuild", Path.Combine(clone, "src", "Oms.Sdk", "Oms.Sdk.csproj"), "-restore", "-nodeReuse:false", "-t:MinVer", "-getProperty:PackageVersion");

    private static async Task<string> RunAsync(string directory, string fileName, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(ProcessRunner.DotnetEnvironment);
        foreach (var (name, value) in GitIdentity)
        {
            environment[name] = value;
        }

        var result = await ProcessRunner.RunAsync(fileName, arguments, directory, TimeSpan.FromMinutes(4), environment, Ct);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Trim();
    }

    [GeneratedRegex(@"^(?<release>\d+\.\d+\.\d+)-alpha\.0\.(?<height>\d+)$")]
    private static partial Regex PreRelease();
}
