using System.Net;
using System.Text;
using Oms.Sdk;
using Oms.Sdk.Tests.Shared;
using Oms.Sdk.Webhooks;

// The scenarios of issue #18's check on whichever runtime runs this (net10.0, a self-contained net8.0, net472 on Mono),
// against a plain HttpListener server: a get, a create retried through 503s with one key, a create whose answers are lost
// after the server committed (one customer), lazy paging across both endorsement shapes, a typed 404 with its request id,
// the Standard Webhooks test vector, and every public async operation blocked on under a single-threaded
// SynchronizationContext.
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
var server = new SmokeServer();
var serving = Task.Run(() => server.ServeAsync(listener));

using var client = new OmsClient(new OmsClientOptions
{
    ApiKey = "sk_sdbx_smoke_key_0001",
    ApiSecret = "smoke-secret",
    BaseAddress = new Uri(prefix + "v0.9"),
    Resilience = { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
});

var got = await client.Customers.GetAsync("cst_1");
Check(got.Id == "cst_1", "get");

server.Faults.Enqueue("503");
server.Faults.Enqueue("503");
var created = await client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Jane", LastName = "Smith", Email = "jane@example.com", BirthDate = new DateOnly(1990, 5, 15) });
var keys = server.CreateKeys.ToList();
Check(keys.Count == 3 && keys.Distinct().Count() == 1 && keys[0] is not null && server.Committed.Count == 1 && created.Id == server.Committed[keys[0]!],
    $"create through two 503s, one key ({keys.Count} attempts)");

while (server.CreateKeys.TryDequeue(out _))
{
}
server.Faults.Enqueue("commit-then-drop");
server.Faults.Enqueue("commit-then-drop");
var before = server.Committed.Count;
var lost = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest { FirstName = "Lost", LastName = "Answer" });
keys = server.CreateKeys.ToList();
Check(keys.Count == 3 && keys.Distinct().Count() == 1 && server.Committed.Count == before + 1 && lost.Value.Id == server.Committed[keys[0]!] && lost.IdempotencyKey == keys[0],
    $"create whose answers are lost after the server committed: one customer ({keys.Count} attempts, {server.Committed.Count - before} created)");

var walked = new List<Customer>();
var listCallsAtFirst = -1;
await foreach (var customer in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }))
{
    if (walked.Count == 0)
    {
        listCallsAtFirst = server.ListCalls;
    }

    walked.Add(customer);
}

Check(listCallsAtFirst == 1 && server.ListCalls == 2, $"lazy paging: one page fetched at the first customer, two at the end ({listCallsAtFirst}, {server.ListCalls})");
Check(walked.Select(c => c.Id).SequenceEqual(["cst_p1", "cst_p2", "cst_p3", "cst_p4"]), "paging: every customer of both pages, in order");
Check(walked[0].HasEndorsement(Endorsement.Basic) && walked[0].HasEndorsement(Endorsement.Usd) && walked[1].HasEndorsement(Endorsement.Basic),
    "paging: endorsements as plain names (page 1) read as granted");
Check(walked[2].HasEndorsement(Endorsement.Usd) && !walked[3].HasEndorsement(Endorsement.CryptoCustody)
    && walked[3].Endorsements.Single().Status == EndorsementStatus.Pending,
    "paging: endorsements as objects with a status (page 2) read with their status");

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
Check(verifier.TryVerify(Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), OmsWebhookHeaders.From(headers), out _), "Standard Webhooks test vector");
headers["webhook-signature"] = "v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
Check(!verifier.TryVerify(Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), OmsWebhookHeaders.From(headers), out _), "tampered signature refused");

// Every public async operation, blocked on (.GetAwaiter().GetResult()) on a thread whose SynchronizationContext runs
// only that thread: a continuation that captured the context would wait for the blocked thread forever.
var operations = BlockingCallers.EveryPublicAsyncOperation(client, "cst_1");
var missing = BlockingCallers.PublicAsyncMethods().Select(BlockingCallers.Name).Except(operations.Select(o => o.Name)).ToList();
Check(missing.Count == 0, "blocking calls cover every public async operation" + (missing.Count == 0 ? string.Empty : ": missing " + string.Join(", ", missing)));
foreach (var (name, call) in operations)
{
    try
    {
        var (result, posts) = BlockingCallers.Run(call, TimeSpan.FromSeconds(30));
        Check(result is not null && posts == 0, "blocking call under a single-threaded SynchronizationContext: " + name);
    }
    catch (Exception e)
    {
        Check(false, "blocking call under a single-threaded SynchronizationContext: " + name + ": " + e.Message);
    }
}

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

/// <summary>The independent server: token, customers (idempotent by key), two list pages, faults queued per call.</summary>
internal sealed class SmokeServer
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Faults { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<string?> CreateKeys { get; } = new();

    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Committed { get; } = new();

    public int ListCalls => Volatile.Read(ref _listCalls);

    private int _listCalls;
    private int _ids;

    public async Task ServeAsync(HttpListener listener)
    {
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

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away: nothing to answer.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        int status;
        string body;
        if (request.HttpMethod == "POST" && path == "/v0.9/customers")
        {
            var key = request.Headers["Idempotency-Key"];
            CreateKeys.Enqueue(key);
            Faults.TryDequeue(out var fault);
            if (fault == "503")
            {
                await WriteAsync(context, 503, """{"error":{"code":"unavailable","message":"Try again."}}""");
                return;
            }

            var id = key is null ? "cst_n" + Interlocked.Increment(ref _ids) : Committed.GetOrAdd(key, _ => "cst_n" + Interlocked.Increment(ref _ids));
            if (fault == "commit-then-drop")
            {
                // Committed, but the answer never reaches the client whole: the connection drops halfway through the body.
                var answer = Encoding.UTF8.GetBytes(Customer(id, """["basic"]"""));
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = answer.Length;
                await context.Response.OutputStream.WriteAsync(answer, 0, answer.Length / 2);
                await context.Response.OutputStream.FlushAsync();
                context.Response.Abort();
                return;
            }

            (status, body) = (201, Customer(id, """["basic"]"""));
        }
        else
        {
            if (request.HttpMethod == "GET" && path == "/v0.9/customers")
            {
                Interlocked.Increment(ref _listCalls);
            }

            (status, body) = (request.HttpMethod, path, request.QueryString["cursor"]) switch
            {
                ("POST", "/v0.9/auth/token", _) => (200, """{"accessToken":"tok_smoke","tokenType":"bearer","expiresIn":3600}"""),
                ("GET", "/v0.9/customers/cst_1", _) or ("PATCH", "/v0.9/customers/cst_1", _) => (200, Customer("cst_1", """["basic"]""")),
                ("GET", "/v0.9/customers/cst_missing", _) => (404, """{"error":{"code":"not_found","message":"No such customer."}}"""),
                // Page 1: endorsements as plain names, the next page's cursor as "cursor".
                ("GET", "/v0.9/customers", null) => (200, Page(
                    Customer("cst_p1", """["basic","usd"]""") + "," + Customer("cst_p2", """["basic"]"""), "\"hasMore\":true,\"cursor\":\"cur_2\"")),
                // Page 2: endorsements as objects with a status, the last page said by "hasMore": false and no "nextCursor".
                ("GET", "/v0.9/customers", "cur_2") => (200, Page(
                    Customer("cst_p3", """[{"name":"usd","status":"approved","rejectionReasons":[]}]""") + "," +
                    Customer("cst_p4", """[{"name":"cryptoCustody","status":"pending","requirements":{"pending":["kyc"]}}]"""), "\"hasMore\":false,\"nextCursor\":null")),
                _ => (400, """{"error":{"code":"bad_request","message":"unexpected"}}"""),
            };
        }

        if (status == 404)
        {
            context.Response.Headers["X-Request-Id"] = "req_404";
        }

        await WriteAsync(context, status, body);
    }

    private static string Page(string items, string tail) => "{\"data\":[" + items + "]," + tail + "}";

    private static async Task WriteAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
        context.Response.Close();
    }

    private static string Customer(string id, string endorsements) =>
        "{\"id\":\"" + id + "\",\"object\":\"customer\",\"type\":\"individual\",\"status\":\"active\",\"endorsements\":" + endorsements +
        ",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
