using System.Text.RegularExpressions;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Docs;

/// <summary>A fenced code block of a Markdown page, with the HTML comment on the line before its fence (its marker), if any.</summary>
/// <param name="Page">The page, relative to the repository root (forward slashes).</param>
/// <param name="Line">The 1-based line of the block's first line of code.</param>
/// <param name="Language">The fence's info string: <c>csharp</c>, <c>sh</c>, …</param>
/// <param name="Marker">The text inside <c>&lt;!-- … --&gt;</c> on the line before the fence, or <see langword="null"/>.</param>
/// <param name="Code">The lines between the fences.</param>
internal sealed record DocBlock(string Page, int Line, string Language, string? Marker, string Code)
{
    public override string ToString() => $"{Page}:{Line}";
}

/// <summary>The user-facing Markdown pages of the repository and their code blocks.</summary>
internal static partial class DocBlocks
{
    /// <summary>README.md, CONTRIBUTING.md, docs/*.md and each package's README.</summary>
    public static IReadOnlyList<string> Pages { get; } =
    [
        "README.md",
        "CONTRIBUTING.md",
        .. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(Relative),
        .. Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "src")).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "README.md")).Where(File.Exists).Select(Relative),
    ];

    public static IReadOnlyList<DocBlock> All { get; } = [.. Pages.SelectMany(Read)];

    public static bool IsShell(DocBlock block) => block.Language is "sh" or "bash" or "shell";

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    private static IEnumerable<DocBlock> Read(string page)
    {
        var lines = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page)).ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().Match(lines[i]) is not { Success: true } open)
            {
                continue;
            }

            var marker = i > 0 && Comment().Match(lines[i - 1]) is { Success: true } comment ? comment.Groups[1].Value.Trim() : null;
            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (end < 0)
            {
                throw new InvalidDataException($"{page}:{i + 1}: a code fence that is never closed.");
            }

            yield return new DocBlock(page, i + 2, open.Groups[1].Value, marker, string.Join('\n', lines[(i + 1)..end]));
            i = end;
        }
    }

    [GeneratedRegex(@"^```(\w+)\s*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*<!--(.*)-->\s*$")]
    private static partial Regex Comment();
}
