using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Oms.Sdk.Tests.Tool;

/// <summary>A running <c>oms fake --json</c>: the addresses and credentials it printed, and a clean stop by SIGTERM.</summary>
public sealed class OmsFakeProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _error;

    private OmsFakeProcess(Process process, StringBuilder error, JsonElement printed)
    {
        _process = process;
        _error = error;
        BaseAddress = new Uri(printed.GetProperty("baseAddress").GetString()!);
        ApiKey = printed.GetProperty("apiKey").GetString()!;
        ApiSecret = printed.GetProperty("apiSecret").GetString()!;
        WebhookSecret = printed.GetProperty("webhookSecret").GetString()!;
        ControlAddress = new Uri(printed.GetProperty("controlAddress").GetString()!);
        Printed = printed.GetRawText();
    }

    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    public string ApiSecret { get; }

    public string WebhookSecret { get; }

    public Uri ControlAddress { get; }

    /// <summary>The JSON object the fake printed.</summary>
    public string Printed { get; }

    /// <summary>What the fake wrote to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static async Task<OmsFakeProcess> StartAsync(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (IEnumerable<string>)["fake", "--json", .. arguments])
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

        var process = Process.Start(start)!;
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(limit.Token)
                ?? throw new InvalidOperationException($"oms fake printed nothing; exit code {(process.HasExited ? process.ExitCode : null)}; stderr: {error}");
            using var document = JsonDocument.Parse(line);
            return new OmsFakeProcess(process, error, document.RootElement.Clone());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as a process manager stops a service, and waits for the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Assert.Equal(0, Kill(_process.Id, SigTerm));
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
