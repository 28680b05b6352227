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
internal sealed class ScriptedHttpServer : LoopbackHttpServer
{
    private readonly ConcurrentQueue<Func<Recorded, Reply>> _script = new();

    public ScriptedHttpServer(Func<Recorded, Reply> fallback)
    {
        Fallback = fallback;
        Start();
    }

    public Func<Recorded, Reply> Fallback { get; set; }

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

    protected override async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket, ownsSocket: false);
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
                    await Task.Delay(Timeout.Infinite, Stopping); // never answers; ends when the server stops
                }

                if (reply.Truncated)
                {
                    var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":\"cst_";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Stopping);
                    await stream.FlushAsync(Stopping);
                    socket.LingerState = new LingerOption(true, 0);
                    return;
                }

                if (reply.ShortBy > 0)
                {
                    // The whole JSON, but a Content-Length that promises more, then a clean close (FIN, not RST): the
                    // connection cut mid-body as a proxy that gives up does it.
                    var bytes = Encoding.UTF8.GetBytes(reply.Body);
                    var shortHead = $"HTTP/1.1 {(int)reply.Status} {reply.Status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length + reply.ShortBy}\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(shortHead), Stopping);
                    await stream.WriteAsync(bytes, Stopping);
                    await stream.FlushAsync(Stopping);
                    socket.Shutdown(SocketShutdown.Send);
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
                await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead), Stopping);
                await stream.WriteAsync(body, Stopping);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client went away; nothing to do.
        }
    }

    public sealed record Reply(bool Drop, bool Reset, bool Truncated, HttpStatusCode Status, string Body)
    {
        /// <summary>Reads the request and never answers.</summary>
        public static Reply NoAnswer { get; } = new(false, false, false, 0, string.Empty) { Hang = true };

        public bool Hang { get; init; }

        /// <summary>How many bytes fewer than its <c>Content-Length</c> the body is (0: all of it).</summary>
        public int ShortBy { get; init; }

        /// <summary>A success whose body, complete JSON, ends <paramref name="by"/> bytes before its <c>Content-Length</c>, then a clean close.</summary>
        public static Reply ShortBody(HttpStatusCode status, string body, int by) => new(false, false, false, status, body) { ShortBy = by };

        public static Reply ConnectionReset { get; } = new(true, true, false, 0, string.Empty);

        public static Reply EmptyReply { get; } = new(true, false, false, 0, string.Empty);

        /// <summary>Headers and the start of the body, then a reset: the connection dies mid-answer.</summary>
        public static Reply TruncatedBody { get; } = new(false, false, true, HttpStatusCode.OK, string.Empty);

        public static Reply Json(HttpStatusCode status, string body) => new(false, false, false, status, body);
    }
}
