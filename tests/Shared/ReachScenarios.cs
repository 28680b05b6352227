using System.Net;
using System.Text;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Shared;

/// <summary>
/// The scenarios of issue #18's check, each a list of named checks, run by the runtime smoke (tests/Oms.Sdk.RuntimeSmoke)
/// on .NET 10, a self-contained .NET 8 and Mono, and asserted by the .NET Framework tests: a get, a create retried through
/// 503s with one key, a create whose answers are lost after the server committed (one customer), lazy paging across both
/// endorsement shapes, a typed 404 with its request id, the Standard Webhooks test vector, and every public async
/// operation blocked on under a single-threaded SynchronizationContext. The server is a plain HttpListener
/// (<see cref="ListenerOms"/>), independent of the SDK and of WireMock.
/// </summary>
internal sealed class ReachScenarios : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Uri _baseAddress;

    public ReachScenarios()
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _ = Task.Run(() => Server.ServeAsync(_listener));
        _baseAddress = new Uri(prefix + "v0.9");
        Client = NewClient();
    }

    /// <summary>The API secret the clients use: no message, log or exception may show it.</summary>
    public const string ApiSecret = "smoke-secret-5b1f0c";

    public ListenerOms Server { get; } = new();

    public OmsClient Client { get; }

    /// <summary>Every scenario, in order, with its name.</summary>
    public IEnumerable<(string Scenario, Func<Task<List<(bool Ok, string What)>>> Run)> All() =>
    [
        ("get", GetAsync),
        ("create through 503s", CreateThroughServerErrorsAsync),
        ("lost answers", CreateWithLostAnswersAsync),
        ("lazy paging", LazyPagingAsync),
        ("typed 404", TypedNotFoundAsync),
        ("webhook vectors", () => Task.FromResult(WebhookVectors())),
        ("blocking callers", () => Task.FromResult(BlockingCalls())),
        ("transport promises", TransportPromisesAsync),
    ];

    public async Task<List<(bool Ok, string What)>> GetAsync()
    {
        var got = await Client.Customers.GetAsync("cst_1").ConfigureAwait(false);
        return [(got.Id == "cst_1", "get")];
    }

    public async Task<List<(bool Ok, string What)>> CreateThroughServerErrorsAsync()
    {
        Server.Reset();
        Server.Faults.Enqueue("503");
        Server.Faults.Enqueue("503");
        var created = await Client.Customers.CreateAsync(new CreateCustomerRequest { FirstName = "Jane", LastName = "Smith", Email = "jane@example.com", BirthDate = new DateOnly(1990, 5, 15) }).ConfigureAwait(false);
        var keys = Server.CreateKeys.ToList();
        return [(keys.Count == 3 && keys.Distinct().Count() == 1 && keys[0] is not null && Server.Committed.Count == 1 && created.Id == Server.Committed[keys[0]!],
            $"create through two 503s, one key ({keys.Count} attempts)")];
    }

    public async Task<List<(bool Ok, string What)>> CreateWithLostAnswersAsync()
    {
        Server.Reset();
        Server.Faults.Enqueue("commit-then-drop");
        Server.Faults.Enqueue("commit-then-drop");
        var lost = await Client.Customers.CreateWithResponseAsync(new CreateCustomerRequest { FirstName = "Lost", LastName = "Answer" }).ConfigureAwait(false);
        var keys = Server.CreateKeys.ToList();
        return [(keys.Count == 3 && keys.Distinct().Count() == 1 && Server.Committed.Count == 1 && lost.Value.Id == Server.Committed[keys[0]!] && lost.IdempotencyKey == keys[0],
            $"create whose answers are lost after the server committed: one customer ({keys.Count} attempts, {Server.Committed.Count} created)")];
    }

    public async Task<List<(bool Ok, string What)>> LazyPagingAsync()
    {
        Server.Reset();
        var walked = new List<Customer>();
        var listCallsAtFirst = -1;
        await foreach (var customer in Client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }).ConfigureAwait(false))
        {
            if (walked.Count == 0)
            {
                listCallsAtFirst = Server.ListCalls;
            }

            walked.Add(customer);
        }

        var all = walked.Select(c => c.Id).SequenceEqual(["cst_p1", "cst_p2", "cst_p3", "cst_p4"]);
        return
        [
            (listCallsAtFirst == 1 && Server.ListCalls == 2, $"lazy paging: one page fetched at the first customer, two at the end ({listCallsAtFirst}, {Server.ListCalls})"),
            (all, "paging: every customer of both pages, in order"),
            (all && walked[0].HasEndorsement(Endorsement.Basic) && walked[0].HasEndorsement(Endorsement.Usd) && walked[1].HasEndorsement(Endorsement.Basic),
                "paging: endorsements as plain names (page 1) read as granted"),
            (all && walked[2].HasEndorsement(Endorsement.Usd) && !walked[3].HasEndorsement(Endorsement.CryptoCustody) && walked[3].Endorsements.Single().Status == EndorsementStatus.Pending,
                "paging: endorsements as objects with a status (page 2) read with their status"),
        ];
    }

    public async Task<List<(bool Ok, string What)>> TypedNotFoundAsync()
    {
        try
        {
            await Client.Customers.GetAsync("cst_missing").ConfigureAwait(false);
            return [(false, "typed 404: no exception")];
        }
        catch (OmsNotFoundException e)
        {
            return [(e.RequestId == "req_404" && e.StatusCode == HttpStatusCode.NotFound, "typed 404 with its request id")];
        }
    }

    public static List<(bool Ok, string What)> WebhookVectors()
    {
        var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions
        {
            Secrets = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
            TimeProvider = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1614265330)),
        });
        var body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = "msg_p5jXN8AQM9LWM0D4loKWxJek",
            ["webhook-timestamp"] = "1614265330",
            ["webhook-signature"] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        };
        var valid = verifier.TryVerify(body, OmsWebhookHeaders.From(headers), out _);
        headers["webhook-signature"] = "v1,g1hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        var tampered = verifier.TryVerify(body, OmsWebhookHeaders.From(headers), out var failure);
        return [(valid, "Standard Webhooks test vector"), (!tampered && failure == OmsWebhookVerificationFailure.NoMatchingSignature, "tampered signature refused")];
    }

    /// <summary>
    /// What the transport keeps on every runtime: one token exchange for many concurrent first calls, a 429 retried after
    /// its Retry-After, redirects refused, the body bound, and the API secret redacted from what an error shows.
    /// </summary>
    public async Task<List<(bool Ok, string What)>> TransportPromisesAsync()
    {
        Server.Reset();
        var checks = new List<(bool Ok, string What)>();
        using (var fresh = NewClient())
        {
            var tokensBefore = Server.TokenCalls;
            var gets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fresh.Customers.GetAsync("cst_1"))).ConfigureAwait(false);
            checks.Add((gets.All(c => c.Id == "cst_1") && Server.TokenCalls == tokensBefore + 1, $"single-flight token: 20 concurrent first calls, {Server.TokenCalls - tokensBefore} token exchange(s)"));
        }

        var limited = await Client.Customers.GetWithResponseAsync("cst_429").ConfigureAwait(false);
        checks.Add((limited.Value.Id == "cst_429" && limited.Attempts == 2, $"a 429 is retried after its Retry-After ({limited.Attempts} attempts)"));

        var redirect = await FailureOfAsync(Client, "cst_redirect").ConfigureAwait(false);
        checks.Add((redirect is OmsException && redirect.Message.Contains("never follows redirects") && Server.Elsewhere == 0, "a redirect is refused, not followed"));

        using (var bounded = NewClient(o => o.MaxResponseBodySize = 16 * 1024))
        {
            var big = await FailureOfAsync(bounded, "cst_big").ConfigureAwait(false);
            checks.Add((big is OmsException && big.Message.Contains("MaxResponseBodySize"), "a body over MaxResponseBodySize is refused"));
        }

        var echo = await FailureOfAsync(Client, "cst_echo").ConfigureAwait(false);
        checks.Add((echo is OmsApiException api && !echo.ToString().Contains(ApiSecret) && !(api.RawBody ?? string.Empty).Contains(ApiSecret) && !(api.ErrorMessage ?? string.Empty).Contains(ApiSecret),
            "an error body that echoes the API secret shows it nowhere"));
        return checks;
    }

    private static async Task<Exception?> FailureOfAsync(OmsClient client, string customerId)
    {
        try
        {
            await client.Customers.GetAsync(customerId).ConfigureAwait(false);
            return null;
        }
        catch (OmsException e)
        {
            return e;
        }
    }

    private OmsClient NewClient(Action<OmsClientOptions>? configure = null)
    {
        var options = new OmsClientOptions
        {
            ApiKey = "sk_sdbx_smoke_key_0001",
            ApiSecret = ApiSecret,
            BaseAddress = _baseAddress,
            Resilience = { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        };
        configure?.Invoke(options);
        return new OmsClient(options);
    }

    /// <summary>Every public async operation, blocked on under a single-threaded context (<see cref="BlockingCallers"/>).</summary>
    public List<(bool Ok, string What)> BlockingCalls()
    {
        Server.Reset();
        var operations = BlockingCallers.EveryPublicAsyncOperation(Client, "cst_1");
        var missing = BlockingCallers.PublicAsyncMethods().Select(BlockingCallers.Name).Except(operations.Select(o => o.Name)).ToList();
        var checks = new List<(bool Ok, string What)> { (missing.Count == 0, "blocking calls cover every public async operation" + (missing.Count == 0 ? string.Empty : ": missing " + string.Join(", ", missing))) };
        foreach (var (name, call) in operations)
        {
            const string What = "blocking call under a single-threaded SynchronizationContext: ";
            try
            {
                var (result, posts) = BlockingCallers.Run(call, TimeSpan.FromSeconds(30));
                checks.Add((result is not null && posts == 0, What + name + (posts == 0 ? string.Empty : $" ({posts} continuation(s) posted to the context)")));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                checks.Add((false, What + name + ": " + e.Message));
            }
        }

        return checks;
    }

    public void Dispose()
    {
        Client.Dispose();
        _listener.Stop();
        _listener.Close();
    }

    private static int FreePort()
    {
        var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}

/// <summary>The independent server: token, customers (idempotent by key), two list pages, faults queued per call.</summary>
internal sealed class ListenerOms
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Faults { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<string?> CreateKeys { get; } = new();

    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Committed { get; } = new();

    public int ListCalls => Volatile.Read(ref _listCalls);

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    /// <summary>Requests that reached the redirect's target path (none may).</summary>
    public int Elsewhere => Volatile.Read(ref _elsewhere);

    private int _listCalls;
    private int _tokenCalls;
    private int _elsewhere;
    private int _rateLimited;
    private int _ids;

    /// <summary>Forgets every fault, key, customer and list call, so that each scenario counts its own.</summary>
    public void Reset()
    {
        while (Faults.TryDequeue(out _) || CreateKeys.TryDequeue(out _))
        {
        }

        Committed.Clear();
        Interlocked.Exchange(ref _listCalls, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
    }

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

            switch (path)
            {
                case "/v0.9/auth/token":
                    Interlocked.Increment(ref _tokenCalls);
                    break;
                case "/v0.9/elsewhere":
                    Interlocked.Increment(ref _elsewhere);
                    break;
                case "/v0.9/customers/cst_redirect":
                    context.Response.Headers["Location"] = "/v0.9/elsewhere";
                    await WriteAsync(context, 302, string.Empty);
                    return;
                case "/v0.9/customers/cst_429" when Interlocked.Increment(ref _rateLimited) == 1:
                    context.Response.Headers["Retry-After"] = "0";
                    await WriteAsync(context, 429, """{"error":{"code":"rate_limited","message":"Slow down."}}""");
                    return;
            }

            (status, body) = (request.HttpMethod, path, request.QueryString["cursor"]) switch
            {
                ("POST", "/v0.9/auth/token", _) => (200, """{"accessToken":"tok_smoke","tokenType":"bearer","expiresIn":3600}"""),
                ("GET", "/v0.9/customers/cst_1", _) or ("PATCH", "/v0.9/customers/cst_1", _) => (200, Customer("cst_1", """["basic"]""")),
                ("GET", "/v0.9/customers/cst_missing", _) => (404, """{"error":{"code":"not_found","message":"No such customer."}}"""),
                ("GET", "/v0.9/customers/cst_429", _) => (200, Customer("cst_429", """["basic"]""")),
                ("GET", "/v0.9/customers/cst_big", _) => (200, Customer("cst_big", "[\"" + new string('b', 64 * 1024) + "\"]")),
                // An error that echoes what it was sent, the API secret included (as a careless proxy might).
                ("GET", "/v0.9/customers/cst_echo", _) => (400, "{\"error\":{\"code\":\"bad_request\",\"message\":\"Rejected secret " + ReachScenarios.ApiSecret + ".\"}}"),
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
