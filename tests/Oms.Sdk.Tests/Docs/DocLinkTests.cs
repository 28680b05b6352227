using System.Text.RegularExpressions;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Docs;

/// <summary>The pages link to each other by relative paths; each must reach a file (and a heading, when it names one).</summary>
public sealed partial class DocLinkTests
{
    [Fact]
    public void Every_relative_link_of_the_documentation_resolves()
    {
        var broken = new List<string>();
        foreach (var page in DocBlocks.Pages)
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page));
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith("http", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var (path, anchor) = target.IndexOf('#') is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, null);
                var file = path.Length == 0 ? Path.Combine(RepositoryPaths.Root, page) : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(page)!, path));
                if (!File.Exists(file) && !Directory.Exists(file))
                {
                    broken.Add($"{page}: {target} (no such file)");
                }
                else if (anchor is not null && File.Exists(file) && !Anchors(File.ReadAllText(file)).Contains(anchor))
                {
                    broken.Add($"{page}: {target} (no such heading)");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        [.. Heading().Matches(markdown).Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), @"[^\w\- ]", string.Empty).Replace(' ', '-'))];

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
