namespace Oms.Sdk.Tool.Console;

/// <summary>
/// Where a command writes: results to standard output, diagnostics and errors to standard error. Colour only on a
/// terminal: never when the stream is redirected, when <c>NO_COLOR</c> is set (no-color.org), when <c>TERM=dumb</c>,
/// or with <c>--no-color</c>.
/// </summary>
internal sealed class ToolConsole(TextWriter output, TextWriter error, bool outputColor, bool errorColor)
{
    private const string Reset = "\u001b[0m";

    public TextWriter Output { get; } = output;

    public static ToolConsole ForProcess(bool noColor)
    {
        var allowed = !noColor
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return new ToolConsole(
            System.Console.Out,
            System.Console.Error,
            allowed && !System.Console.IsOutputRedirected,
            allowed && !System.Console.IsErrorRedirected);
    }

    /// <summary>A plain line of results.</summary>
    public void Line(string text) => Output.WriteLine(text);

    /// <summary>A line of results whose first word (say <c>valid</c>, <c>delivered</c>) is green on a terminal.</summary>
    public void Good(string lead, string rest = "") => Output.WriteLine(Paint(outputColor, "\u001b[32m", lead) + rest);

    /// <summary>A line of results whose first word (say <c>invalid</c>) is red on a terminal.</summary>
    public void Bad(string lead, string rest = "") => Output.WriteLine(Paint(outputColor, "\u001b[31m", lead) + rest);

    /// <summary>A dim note on standard error: progress that a script reading standard output does not want.</summary>
    public void Note(string text) => error.WriteLine(Paint(errorColor, "\u001b[2m", text));

    /// <summary>An error: one line on standard error, <c>error: …</c>.</summary>
    public void Error(string text) => error.WriteLine(Paint(errorColor, "\u001b[31m", "error: ") + OneLine(text));

    /// <summary>Folds a message onto one line, so that an error is always one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Paint(bool color, string code, string text) => color ? code + text + Reset : text;
}
