using System.Diagnostics;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>What a child process did: how it was called, how it ended, and everything it printed.</summary>
internal sealed record ProcessResult(string CommandLine, int? ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    /// <summary>For assertion messages: the command, the outcome and the whole output.</summary>
    public override string ToString() =>
        $"{CommandLine}{Environment.NewLine}{(TimedOut ? "timed out" : $"exit code {ExitCode}")} after {Elapsed.TotalSeconds:0.0} s{Environment.NewLine}{Output}";
}

/// <summary>Runs a child process with a time limit, collecting stdout and stderr together.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Environment for <c>dotnet</c> children: no build servers or reused nodes outlive the command (they would hold its
    /// output open and keep running after the test), no telemetry or banners.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> DotnetEnvironment { get; } = new Dictionary<string, string?>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, each passed as is.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">How long it may run; then it is killed with its children and the result says so.</param>
    /// <param name="environment">Variables to set; a <see langword="null"/> value removes the variable.</param>
    /// <param name="cancellationToken">Kills the process when cancelled.</param>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        var elapsed = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        var commandLine = $"{fileName} {string.Join(' ', arguments)} (in {workingDirectory})";
        return new ProcessResult(commandLine, process.HasExited ? process.ExitCode : null, timedOut, elapsed.Elapsed, text);
    }
}
