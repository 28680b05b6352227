using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// The socket plumbing of the raw HTTP/1.1 test servers (<see cref="ScriptedHttpServer"/>, <see cref="HostileHttpServer"/>):
/// a listener on a free 127.0.0.1 port, an accept loop that serves each connection on its own task, the reading of one
/// request (head and <c>Content-Length</c> body), and a stop that ends every pending read and write.
/// </summary>
internal abstract class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/v0.9");

    /// <summary>Every request read, in arrival order, recorded before it is answered.</summary>
    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>Cancelled when the server stops.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Starts listening; called by the derived constructor once its own state is set.</summary>
    protected void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Serves one accepted connection; the socket is the method's to close.</summary>
    protected abstract Task ServeAsync(Socket socket);

    /// <summary>Reads one request (head up to the blank line, then a <c>Content-Length</c> body); <see langword="null"/> when the client closed first.</summary>
    protected async Task<Recorded?> ReadRequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, Stopping) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.Latin1.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, Stopping);
        return new Recorded(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
#if NETFRAMEWORK
                socket = await _listener.AcceptSocketAsync(); // no token there: disposing stops the listener, which ends the wait
#else
                socket = await _listener.AcceptSocketAsync(_stop.Token);
#endif
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    /// <summary>One request as the server read it.</summary>
    public sealed record Recorded(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
