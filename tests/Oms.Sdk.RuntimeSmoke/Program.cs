using System.Net;
using System.Text;
using Oms.Sdk;
using Oms.Sdk.Webhooks;

// A get, a create retried through 503s with one key, a typed 404 with its request id, the Standard Webhooks test
// vector, and a blocking call under a single-threaded SynchronizationContext: on whichever runtime runs this.
var failures = new List<string>();
void Check(bool ok, string what)
{
    Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
    if (!ok)
    {
        failures.Add(what);
    }
}

Console.WriteLine("runtime: " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
var port = FreePort();
var prefix = $"http://127.0.0.1:{port}/";
using var listener = new HttpListener();
listener.Prefixes.Add(prefix);
listener.Start();
var createKeys = new List<string?>();
var serving = Task.Run(() => Serve(listener, createKeys));

using var client = new OmsClient(new OmsClientOptions
{
    ApiKey = "sk_sdbx_smoke_key_0001",
    ApiSecret = "smoke-secret",
    BaseAddress = new Uri(prefix + "v0.9"),
    Resilience = { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
});

var got = await client.Customers.GetAsync("cst_1");
Check(got.Id == "cst_1", "get");

var created = await client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Jane", LastName = "Smith", Email = "jane@example.com", BirthDate = new DateOnly(1990, 5, 15) });
Check(created.Id == "cst_new" && createKeys.Count == 3 && createKeys.Distinct().Count() == 1 && createKeys[0] is not null, $"create through two 503s, one key ({createKeys.Count} attempts)");

try
{
    await client.Customers.GetAsync("cst_missing");
    Check(false, "typed 404");
}
catch (OmsNotFoundException e)
{
    Check(e.RequestId == "req_404", "typed 404 with its request id");
}

var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions
{
    Secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    TimeProvider = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1614265330)),
});
var headers = new Dictionary<string, string>
{
    ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
    ["webhook-timestamp"] = "1614265330",
    ["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
Check(verifier.TryVerify(Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), headers, out _), "Standard Webhooks test vector");
headers["webhook-signature"] = "v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
Check(!verifier.TryVerify(Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), headers, out _), "tampered signature refused");

var blocked = SingleThreadedContext.Run(() => client.Customers.GetAsync("cst_1").GetAwaiter().GetResult());
Check(blocked.Id == "cst_1", "blocking call under a single-threaded SynchronizationContext");

listener.Stop();
Console.WriteLine(failures.Count == 0 ? "smoke: all passed" : "smoke: " + failures.Count + " failed");
return failures.Count == 0 ? 0 : 1;

static int FreePort()
{
    var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    var port = ((IPEndPoint)socket.LocalEndpoint).Port;
    socket.Stop();
    return port;
}

static async Task Serve(HttpListener listener, List<string?> createKeys)
{
    var creates = 0;
    while (listener.IsListening)
    {
        HttpListenerContext context;
        try
        {
            context = await listener.GetContextAsync();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            return;
        }

        var path = context.Request.Url!.AbsolutePath;
        var (status, body) = (context.Request.HttpMethod, path) switch
        {
            ("POST", "/v0.9/auth/token") => (200, """{"accessToken":"tok_smoke","tokenType":"bearer","expiresIn":3600}"""),
            ("GET", "/v0.9/customers/cst_1") => (200, Customer("cst_1")),
            ("GET", "/v0.9/customers/cst_missing") => (404, """{"error":{"code":"not_found","message":"No such customer."}}"""),
            ("POST", "/v0.9/customers") => ++creates <= 2 ? (503, """{"error":{"code":"unavailable","message":"Try again."}}""") : (201, Customer("cst_new")),
            _ => (400, """{"error":{"code":"bad_request","message":"unexpected"}}"""),
        };
        if (path == "/v0.9/customers")
        {
            createKeys.Add(context.Request.Headers["Idempotency-Key"]);
        }

        if (status == 404)
        {
            context.Response.Headers["X-Request-Id"] = "req_404";
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
        context.Response.Close();
    }
}

static string Customer(string id) =>
    "{\"id\":\"" + id + "\",\"object\":\"customer\",\"type\":\"individual\",\"status\":\"active\",\"endorsements\":[\"basic\"],\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>A SynchronizationContext with one thread, as WinForms, WPF and classic ASP.NET have: a continuation that captured it would wait for the blocked thread forever.</summary>
internal sealed class SingleThreadedContext : SynchronizationContext
{
    private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback, object?)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public static T Run<T>(Func<T> body)
    {
        var context = new SingleThreadedContext();
        var result = default(T);
        Exception? error = null;
        var thread = new Thread(() =>
        {
            SetSynchronizationContext(context);
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                error = e;
            }

            context._queue.CompleteAdding();
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The blocking call did not finish: an await in the SDK captured the single-threaded context.");
        }

        return error is null ? result! : throw error;
    }
}
