using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 whose answers are written byte by byte by the test: lying headers, endless or
/// trickling bodies, compression bombs, redirects. One request per connection, then the connection is closed, so a
/// close-delimited body (no <c>Content-Length</c>, no chunking) is legal. Every request is recorded before it is answered.
/// </summary>
internal sealed class HostileHttpServer : IAsyncDisposable
{
    public const string TokenAnswer = """{"accessToken":"tok_hostile","tokenType":"bearer","expiresIn":3600}""";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="answer">Writes the whole answer to the stream; the server closes the connection afterwards.</param>
    public HostileHttpServer(Func<ScriptedHttpServer.Recorded, Stream, CancellationToken, Task> answer)
    {
        Answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Func<ScriptedHttpServer.Recorded, Stream, CancellationToken, Task> Answer { get; set; }

    public Uri Root => new($"http://127.0.0.1:{Port}");

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/v0.9");

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ScriptedHttpServer.Recorded> Requests { get; } = new();

    public int Count(string pathSuffix) => Requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    /// <summary>An answer whose token requests get a token and whose other requests get <paramref name="other"/>.</summary>
    public static Func<ScriptedHttpServer.Recorded, Stream, CancellationToken, Task> TokenThen(Func<ScriptedHttpServer.Recorded, Stream, CancellationToken, Task> other) =>
        (request, stream, ct) => request.Path.EndsWith("/auth/token", StringComparison.Ordinal)
            ? WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(TokenAnswer), ct)
            : other(request, stream, ct);

    /// <summary>Writes a status line, the headers as given (nothing added) and a body, if any.</summary>
    public static async Task WriteAsync(Stream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, byte[]? body, CancellationToken ct, bool addLength = true)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (addLength && body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), ct);
        if (body is not null)
        {
            await stream.WriteAsync(body, ct);
        }

        await stream.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (await ReadRequestAsync(stream) is { } request)
            {
                Requests.Enqueue(request);
                await Answer(request, stream, _stop.Token);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (as it should, mid-bomb); nothing to do.
        }
    }

    private async Task<ScriptedHttpServer.Recorded?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.Latin1.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new ScriptedHttpServer.Recorded(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }
}
