using System.Net.Sockets;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 whose answers are written byte by byte by the test: lying headers, endless or
/// trickling bodies, compression bombs, redirects. One request per connection, then the connection is closed, so a
/// close-delimited body (no <c>Content-Length</c>, no chunking) is legal. Every request is recorded before it is answered.
/// </summary>
internal sealed class HostileHttpServer : LoopbackHttpServer
{
    public const string TokenAnswer = """{"accessToken":"tok_hostile","tokenType":"bearer","expiresIn":3600}""";

    /// <param name="answer">Writes the whole answer to the stream; the server closes the connection afterwards.</param>
    public HostileHttpServer(Func<Recorded, Stream, CancellationToken, Task> answer)
    {
        Answer = answer;
        Start();
    }

    public Func<Recorded, Stream, CancellationToken, Task> Answer { get; set; }

    public Uri Root => new($"http://127.0.0.1:{Port}");

    public int Count(string pathSuffix) => Requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    /// <summary>An answer whose token requests get a token and whose other requests get <paramref name="other"/>.</summary>
    public static Func<Recorded, Stream, CancellationToken, Task> TokenThen(Func<Recorded, Stream, CancellationToken, Task> other) =>
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

    protected override async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (await ReadRequestAsync(stream) is { } request)
            {
                Requests.Enqueue(request);
                await Answer(request, stream, Stopping);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (as it should, mid-bomb); nothing to do.
        }
    }
}
