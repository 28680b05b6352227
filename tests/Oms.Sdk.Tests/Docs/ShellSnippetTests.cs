using System.Text.RegularExpressions;
using Oms.Sdk.Tests.Infrastructure;
using Oms.Sdk.Tests.Packaging;

namespace Oms.Sdk.Tests.Docs;

/// <summary>
/// Every shell block the documentation tells people to paste is marked: <c>&lt;!-- run --&gt;</c> blocks are run here with
/// bash from the repository root, exactly as written, and must succeed and print what their marker
/// (<c>&lt;!-- run: expects "…" "…" --&gt;</c>) says; <c>&lt;!-- not run: why --&gt;</c> blocks say why not (credentials,
/// a project of your own, minutes of benchmarks). They run alone, after the other tests, as the package test does: they
/// build and start the samples.
/// </summary>
[Collection(typeof(PackagingCollection))]
public sealed partial class ShellSnippetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RunBlocks => [.. DocBlocks.All.Where(b => DocBlocks.IsShell(b) && IsRun(b)).Select(b => b.ToString())];

    [Fact]
    public void Every_shell_block_is_marked_run_or_not_run_with_a_reason()
    {
        var shell = DocBlocks.All.Where(DocBlocks.IsShell).ToList();

        Assert.NotEmpty(shell);
        Assert.All(shell, b => Assert.True(
            IsRun(b) || NotRun().IsMatch(b.Marker ?? string.Empty),
            $"{b}: mark the block <!-- run --> (the tests run it) or <!-- not run: why --> on the line before its fence."));
        // The pastes a newcomer meets first are run: the quickstart sample and the webhook try-out.
        Assert.Contains(shell, b => IsRun(b) && b.Page == "README.md" && b.Code.Contains("dotnet run --project samples/Oms.Sdk.Samples.Quickstart", StringComparison.Ordinal));
        Assert.Contains(shell, b => IsRun(b) && b.Page == "docs/webhooks.md" && b.Code.Contains("openssl dgst", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RunBlocks))]
    public async Task A_block_marked_run_succeeds_as_written(string where)
    {
        var block = DocBlocks.All.Single(b => b.ToString() == where);
        var script = Path.Combine(Path.GetTempPath(), $"oms-sdk-doc-{Guid.NewGuid():N}.sh");
        File.WriteAllText(script, block.Code + "\n");
        try
        {
            // No credentials from this machine: the blocks are written for a newcomer without an account.
            var environment = new Dictionary<string, string?>(ProcessRunner.DotnetEnvironment) { ["OMS_API_KEY"] = null, ["OMS_API_SECRET"] = null, ["OMS_BASE_URL"] = null };

            var result = await ProcessRunner.RunAsync("bash", [script], RepositoryPaths.Root, TimeSpan.FromMinutes(5), environment, Ct);

            Assert.True(result.ExitCode == 0, $"{where}:{Environment.NewLine}{result}");
            foreach (var expected in Expectations(block))
            {
                Assert.True(result.Output.Contains(expected, StringComparison.Ordinal), $"{where} should print {expected}:{Environment.NewLine}{result}");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static bool IsRun(DocBlock block) => block.Marker is { } marker && (marker == "run" || marker.StartsWith("run:", StringComparison.Ordinal));

    /// <summary>The quoted strings after <c>expects</c>; <c>\"</c> stands for a quote inside one.</summary>
    private static IEnumerable<string> Expectations(DocBlock block) =>
        Expected().Matches(block.Marker!).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal));

    [GeneratedRegex(@"""((?:[^""\\]|\\"")*)""")]
    private static partial Regex Expected();

    [GeneratedRegex(@"^not run: \S.{9,}")]
    private static partial Regex NotRun();
}
