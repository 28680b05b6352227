using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 that answers customer calls from a script, and can reset the connection
/// after reading a request (what a crashed proxy or a server killed mid-request does), which WireMock cannot.
/// The token endpoint always answers with a token.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Func<Recorded, Reply>> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ScriptedHttpServer(Func<Recorded, Reply> fallback)
    {
        Fallback = fallback;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Func<Recorded, Reply> Fallback { get; set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v0.9");

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>Raised when a request has been read, before it is answered.</summary>
    public event Action<Recorded>? Received;

    public IEnumerable<Recorded> CustomerRequests => Requests.Where(r => !r.Path.EndsWith("/auth/token", StringComparison.Ordinal));

    public void Then(params Func<Recorded, Reply>[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
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
            while (await ReadRequestAsync(stream) is { } request)
            {
                Requests.Enqueue(request);
                Received?.Invoke(request);
                var reply = request.Path.EndsWith("/auth/token", StringComparison.Ordinal)
                    ? Reply.Json(HttpStatusCode.OK, """{"accessToken":"tok","expiresIn":3600}""")
                    : (_script.TryDequeue(out var next) ? next : Fallback)(request);
                if (reply.Hang)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token); // never answers; ends when the server stops
                }

                if (reply.Truncated)
                {
                    var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":\"cst_";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    socket.LingerState = new LingerOption(true, 0);
                    return;
                }

                if (reply.Drop)
                {
                    if (reply.Reset)
                    {
                        socket.LingerState = new LingerOption(true, 0); // close with RST: "connection reset by peer"
                    }

                    return; // otherwise a plain close with no answer: "empty reply from server"
                }

                var body = Encoding.UTF8.GetBytes(reply.Body);
                // One request per connection: otherwise SocketsHttpHandler silently resends a request whose pooled
                // connection closed, and the server would see more requests than the SDK made attempts.
                var responseHead = $"HTTP/1.1 {(int)reply.Status} {reply.Status}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client went away; nothing to do.
        }
    }

    private async Task<Recorded?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return new Recorded(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    public sealed record Recorded(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    public sealed record Reply(bool Drop, bool Reset, bool Truncated, HttpStatusCode Status, string Body)
    {
        /// <summary>Reads the request and never answers.</summary>
        public static Reply NoAnswer { get; } = new(false, false, false, 0, string.Empty) { Hang = true };

        public bool Hang { get; init; }

        public static Reply ConnectionReset { get; } = new(true, true, false, 0, string.Empty);

        public static Reply EmptyReply { get; } = new(true, false, false, 0, string.Empty);

        /// <summary>Headers and the start of the body, then a reset: the connection dies mid-answer.</summary>
        public static Reply TruncatedBody { get; } = new(false, false, true, HttpStatusCode.OK, string.Empty);

        public static Reply Json(HttpStatusCode status, string body) => new(false, false, false, status, body);
    }
}
