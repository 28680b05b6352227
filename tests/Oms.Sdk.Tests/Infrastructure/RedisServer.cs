using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free port of 127.0.0.1, with no persistence, in a temporary directory; killed on
/// dispose. Tests that need one call <see cref="StartAsync"/>, which skips the test (with the install command) when
/// <c>redis-server</c> is not installed.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string InstallCommand = "apt-get install redis-server";

    private readonly string _directory;
    private Process? _process;
    private ConnectionMultiplexer? _admin;

    private RedisServer(string executable, int port, string directory)
    {
        Executable = executable;
        Port = port;
        _directory = directory;
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server, failing fast so tests stay quick.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,connectRetry=1";

    /// <summary>A connection for the test itself (reading keys, pausing the server); not the one under test.</summary>
    public IDatabase Admin => (_admin ?? throw new InvalidOperationException("The server is not running.")).GetDatabase();

    public IServer AdminServer => _admin!.GetServer("127.0.0.1", Port);

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Find();
        if (executable is null)
        {
            Assert.Skip($"redis-server is not installed; these tests run a real Redis. Install it with: {InstallCommand} (.ci/run does).");
        }

        var directory = Directory.CreateTempSubdirectory("oms-redis-").FullName;
        var server = new RedisServer(executable, FreePort(), directory);
        try
        {
            await server.RestartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The path of <c>redis-server</c> on PATH, or <see langword="null"/>.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts the server (again) on the same port, empty, and waits until it answers.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The server is running.");
        }

        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait (bounded) for the port to accept connections.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                break;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        _admin?.Dispose();
        _admin = await ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true");
    }

    /// <summary>Kills the server, as a crash or an outage would.</summary>
    public void Stop()
    {
        _admin?.Dispose();
        _admin = null;
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Makes the server hold every client's commands for a while (<c>CLIENT PAUSE … ALL</c>), as a stalled Redis would.</summary>
    public Task PauseAsync(TimeSpan duration) =>
        Admin.ExecuteAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");

    public Task UnpauseAsync() => Admin.ExecuteAsync("CLIENT", "UNPAUSE");

    public async ValueTask DisposeAsync()
    {
        Stop();
        _process?.Dispose();
        await Task.CompletedTask;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>A port of 127.0.0.1 that is free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
