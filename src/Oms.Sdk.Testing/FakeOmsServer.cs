using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Oms.Sdk.Serialization;
using Oms.Sdk.Testing.Internal;
using Oms.Sdk.Webhooks;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Oms.Sdk.Testing;

/// <summary>
/// A fake OMS for integration tests: a real HTTP server on <c>127.0.0.1</c> that speaks the Customers API the way the
/// contract (oms-api.md) describes, with state. It checks API keys and bearer tokens, validates creates, honours
/// idempotency keys, filters and pages lists, grants endorsements with signed webhooks, and injects faults on request.
/// Thread-safe; dispose it to stop the server.
/// </summary>
/// <remarks>
/// Built on WireMock.Net: one mapping per route whose callback answers from the fake's state. Two things WireMock.Net
/// cannot do are done on the connection itself, reached through a middleware in front of WireMock's: reading the raw
/// request target (so a customer id is matched as the exact escaped segment that was sent) and dropping a connection
/// (WireMock.Net's <c>EMPTY_RESPONSE</c> fault sends a status line with an empty body, not a dropped connection).
/// </remarks>
/// <example><code>
/// await using var oms = FakeOmsServer.Start();
/// using var client = new OmsClient(oms.CreateClientOptions());
/// Customer created = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" });
/// Assert.Single(oms.Customers);
/// </code></example>
public sealed class FakeOmsServer : IAsyncDisposable, IDisposable
{
    /// <summary>The type of the event <see cref="GrantEndorsementAsync"/> sends.</summary>
    public const string EndorsementGrantedEventType = "customer.endorsement.granted";

    private const string TokenPath = InjectedFault.TokenPath;

    private readonly WireMockServer _server;
    private readonly string _versionPath;
    private readonly TimeProvider _timeProvider;
    private readonly TokenAuthority _tokens;
    private readonly CustomerBook _book;
    private readonly CustomersEndpoint _customers;
    private readonly FaultQueue _faults = new();
    private readonly HttpClient _webhookHttp;
    private readonly WebhookSender _webhooks;
    private readonly AsyncLocal<HttpContext?> _connection = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<FakeOmsRequest> _requests = [];
    private readonly List<Uri> _receivers = [];
    private int _disposed;

    private FakeOmsServer(FakeOmsServerOptions options)
    {
        ApiKey = options.ApiKey!;
        ApiSecret = options.ApiSecret!;
        WebhookSecret = options.WebhookSecret!;
        _versionPath = options.ApiVersionPath;
        _timeProvider = options.TimeProvider;
        var signer = new OmsWebhookSigner(WebhookSecret);
        _tokens = new TokenAuthority(ApiKey, ApiSecret, options.TokenLifetime, _timeProvider);
        _book = new CustomerBook(_timeProvider, options.EndorsementMode);
        _customers = new CustomersEndpoint(_book);
        _webhookHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _webhooks = new WebhookSender(_webhookHttp, signer, _timeProvider, options.WebhookRetryDelays, options.WebhookAttemptTimeout);

        _server = WireMockServer.Start(new WireMockServerSettings
        {
            // Port 0 on the loopback address: the OS picks a free port and nothing outside this machine can connect.
            Urls = ["http://127.0.0.1:0"],
            Logger = new WireMockNullLogger(),
            MaxRequestLogCount = 0,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (HttpContext context, RequestDelegate next) =>
            {
                // Flows into the mapping callbacks below, which run inside this call.
                _connection.Value = context;
                await next(context).ConfigureAwait(false);
            }),
        });
        try
        {
            Map(HttpMethod.Post, path => path == _versionPath + TokenPath, Route.IssueToken);
            Map(HttpMethod.Post, path => path == _versionPath + CustomersEndpoint.CollectionPath, Route.CreateCustomer);
            Map(HttpMethod.Get, path => path == _versionPath + CustomersEndpoint.CollectionPath, Route.ListCustomers);
            Map(HttpMethod.Get, path => path.StartsWith(_versionPath + CustomersEndpoint.ItemPathPrefix, StringComparison.Ordinal), Route.GetCustomer);
            _server
                .Given(Request.Create().UsingAnyMethod().WithPath(_ => true))
                .AtPriority(100)
                .RespondWith(Response.Create().WithCallback(request => HandleAsync(Route.None, request)));
            BaseAddress = new Uri(_server.Url + _versionPath);
        }
        catch
        {
            _server.Dispose();
            throw;
        }
    }

    private enum Route
    {
        None,
        IssueToken,
        CreateCustomer,
        GetCustomer,
        ListCustomers,
    }

    /// <summary>
    /// The base address to give the client: <c>http://127.0.0.1:{port}</c> plus the version path
    /// (<see cref="FakeOmsServerOptions.ApiVersionPath"/>), like <see cref="OmsEnvironment.Sandbox"/>.
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>The API key the fake accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The API secret the fake accepts.</summary>
    public string ApiSecret { get; }

    /// <summary>The secret webhook deliveries are signed with; give it to your webhook verifier.</summary>
    public string WebhookSecret { get; }

    /// <summary>The stored customers in creation order, as a client reads them. A snapshot.</summary>
    public IReadOnlyList<Customer> Customers => [.. _book.Snapshot().Select(ToModel)];

    /// <summary>Every request received so far, in arrival order. A snapshot.</summary>
    public IReadOnlyList<FakeOmsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a fake OMS on a free port of <c>127.0.0.1</c>.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (random credentials, auto-approved endorsements).</param>
    /// <returns>The running server. Dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public static FakeOmsServer Start(FakeOmsServerOptions? options = null) => new(FakeOmsServerOptions.Resolve(options));

    /// <summary>
    /// Client options that point at this fake with its credentials. The client keeps the system clock and the default
    /// resilience settings; set <c>Resilience.BaseDelay = TimeSpan.Zero</c> so that retries in tests do not wait.
    /// </summary>
    /// <returns>New options, yours to change.</returns>
    public OmsClientOptions CreateClientOptions() => new() { ApiKey = ApiKey, ApiSecret = ApiSecret, BaseAddress = BaseAddress };

    /// <summary>How many requests with this method and path arrived (path as in <see cref="FakeOmsRequest.Path"/>, for example <c>/auth/token</c>).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path below <see cref="BaseAddress"/>, compared exactly.</param>
    /// <returns>The count so far.</returns>
    public int RequestCount(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        lock (_gate)
        {
            return _requests.Count(r => r.Method == method && r.Path == path);
        }
    }

    /// <summary>Sets a customer's status (say, to test the <c>status</c> filter). Bumps <c>updatedAt</c>; sends no webhook.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="status"><see cref="CustomerStatus.Active"/> or <see cref="CustomerStatus.Inactive"/>.</param>
    /// <returns>The customer after the change.</returns>
    /// <exception cref="ArgumentException">No customer has that id, or the status is <see cref="CustomerStatus.Unknown"/>.</exception>
    public Customer SetCustomerStatus(string customerId, CustomerStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (status is not (CustomerStatus.Active or CustomerStatus.Inactive))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "The status must be Active or Inactive.");
        }

        return ToModel(_book.Update(customerId, c => c with { Status = status }));
    }

    /// <summary>
    /// Grants an endorsement, as OMS does after KYC: sets it <c>approved</c> (adding it if the customer never requested it),
    /// bumps <c>updatedAt</c>, and sends a signed <c>customer.endorsement.granted</c> webhook to every registered receiver,
    /// retrying as <see cref="FakeOmsServerOptions.WebhookRetryDelays"/> says. Completes when every delivery has finished.
    /// </summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="endorsement">The endorsement to grant.</param>
    /// <param name="cancellationToken">Stops the deliveries (and their waits).</param>
    /// <returns>The event: its exact body, the customer after the grant, and each receiver's delivery.</returns>
    /// <exception cref="ArgumentException">No customer has that id, or <paramref name="endorsement"/> is <see cref="Endorsement.Unknown"/>.</exception>
    /// <example><code>
    /// oms.AddWebhookReceiver(new Uri("http://127.0.0.1:5005/webhooks/oms"));
    /// FakeOmsWebhookEvent sent = await oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd);
    /// Assert.True(sent.Deliveries[0].Delivered);
    /// </code></example>
    public async Task<FakeOmsWebhookEvent> GrantEndorsementAsync(string customerId, Endorsement endorsement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (endorsement is not (Endorsement.Basic or Endorsement.CryptoCustody or Endorsement.Usd))
        {
            throw new ArgumentOutOfRangeException(nameof(endorsement), endorsement, "The endorsement must be Basic, CryptoCustody or Usd.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var customer = _book.Update(customerId, c => c with
        {
            Endorsements = [.. c.Endorsements.Where(e => e.Name != endorsement).Append(new StoredEndorsement(endorsement, EndorsementStatus.Approved)).OrderBy(e => e.Name)],
        });

        var id = "msg_" + RandomText.Base62(24);
        var body = WireJson.WebhookEnvelope(EndorsementGrantedEventType, customer.UpdatedAt, customer);
        Uri[] receivers;
        lock (_gate)
        {
            receivers = [.. _receivers];
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var deliveries = await Task.WhenAll(receivers.Select(r => _webhooks.DeliverAsync(r, id, body, stop.Token))).ConfigureAwait(false);
        foreach (var disabled in deliveries.Where(d => d.ReceiverDisabled))
        {
            RemoveWebhookReceiver(disabled.Receiver);
        }

        return new FakeOmsWebhookEvent
        {
            Id = id,
            Type = EndorsementGrantedEventType,
            Timestamp = customer.UpdatedAt,
            Body = Encoding.UTF8.GetString(body),
            Customer = ToModel(customer),
            Deliveries = deliveries,
        };
    }

    /// <summary>Registers a URL that receives every webhook the fake sends from now on (a second registration of the same URL is ignored).</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL, for example your test host's webhook endpoint.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    public void AddWebhookReceiver(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("A webhook receiver must be an absolute http or https URL.", nameof(url));
        }

        lock (_gate)
        {
            if (!_receivers.Contains(url))
            {
                _receivers.Add(url);
            }
        }
    }

    /// <summary>Stops sending webhooks to a URL. A receiver that answers <c>410 Gone</c> is removed this way by the fake itself.</summary>
    /// <param name="url">The URL given to <see cref="AddWebhookReceiver"/>.</param>
    /// <returns>Whether it was registered.</returns>
    public bool RemoveWebhookReceiver(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        lock (_gate)
        {
            return _receivers.Remove(url);
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with <paramref name="status"/> instead of handling them
    /// (nothing is stored). By default every endpoint but <c>/auth/token</c> matches; narrow it with
    /// <paramref name="method"/> and <paramref name="pathPrefix"/>.
    /// </summary>
    /// <param name="count">How many requests to fail, at least 1.</param>
    /// <param name="status">The status to answer with, for example <see cref="HttpStatusCode.ServiceUnavailable"/>.</param>
    /// <param name="body">The JSON body to send; <see langword="null"/> for <c>{"error":{"code":"injected_fault",...}}</c>.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths below <see cref="BaseAddress"/> that start with this, for example <c>/customers</c> or <c>/auth/token</c>.</param>
    /// <example><code>oms.FailNext(2, HttpStatusCode.ServiceUnavailable, method: HttpMethod.Post); // the SDK retries through it</code></example>
    public void FailNext(int count, HttpStatusCode status, string? body = null, HttpMethod? method = null, string? pathPrefix = null)
    {
        if ((int)status is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "The status must be an HTTP status code (100 to 599).");
        }

        AddFault(new InjectedFault(FaultKind.Fail, method, pathPrefix) { Status = status, Body = body }, count);
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with <c>429 Too Many Requests</c> and
    /// <c>Retry-After</c> (whole seconds, rounded up), body <c>{"error":{"code":"rate_limited",...}}</c>.
    /// </summary>
    /// <param name="count">How many requests to refuse, at least 1.</param>
    /// <param name="retryAfter">The wait to ask for; <see cref="TimeSpan.Zero"/> lets a client retry at once.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    public void RateLimitNext(int count, TimeSpan retryAfter, HttpMethod? method = null, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        AddFault(new InjectedFault(FaultKind.RateLimit, method, pathPrefix) { Wait = retryAfter }, count);
    }

    /// <summary>
    /// Holds the next <paramref name="count"/> matching requests for <paramref name="delay"/> of real time, then handles them
    /// normally (a create is stored even if the client gave up waiting), so a client's attempt timeout can fire.
    /// </summary>
    /// <param name="count">How many requests to delay, at least 1.</param>
    /// <param name="delay">How long to hold each one, in real time.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    public void DelayNext(int count, TimeSpan delay, HttpMethod? method = null, string? pathPrefix = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        AddFault(new InjectedFault(FaultKind.Delay, method, pathPrefix) { Wait = delay }, count);
    }

    /// <summary>
    /// Closes the connection of the next <paramref name="count"/> matching requests without answering and without handling
    /// them (nothing is stored): the client sees a connection failure.
    /// </summary>
    /// <param name="count">How many requests to drop, at least 1.</param>
    /// <param name="method">Only requests with this method; <see langword="null"/> for any.</param>
    /// <param name="pathPrefix">Only paths that start with this; <see langword="null"/> for every endpoint but <c>/auth/token</c>.</param>
    /// <remarks>
    /// .NET's <c>SocketsHttpHandler</c> may resend a request once by itself when a reused pooled connection closes before
    /// any answer, so one client call can use up two drops; count requests with <see cref="RequestCount"/>, not attempts.
    /// </remarks>
    public void DropConnectionNext(int count, HttpMethod? method = null, string? pathPrefix = null) =>
        AddFault(new InjectedFault(FaultKind.Drop, method, pathPrefix), count);

    /// <summary>
    /// Stores the next <paramref name="count"/> successful creates (<c>POST /customers</c> answered 201, replays included)
    /// and then closes the connection instead of answering: the client cannot know the customer exists. A retry with the
    /// same <c>Idempotency-Key</c> must get the same customer, not a second one; this is the fault that proves it.
    /// </summary>
    /// <param name="count">How many creates to answer this way, at least 1.</param>
    public void DropConnectionAfterCreateNext(int count) =>
        AddFault(new InjectedFault(FaultKind.DropAfterCreate, HttpMethod.Post, CustomersEndpoint.CollectionPath), count);

    /// <summary>
    /// Chaos mode: from now on each request to a customer endpoint fails, with probability <paramref name="rate"/>, with a
    /// transient fault picked at random: 502, 503, 429 with <c>Retry-After: 0</c>, a connection closed before the request
    /// is handled, or (for a create) a connection closed after the customer was stored. For soak tests of your retry
    /// handling; <see cref="ClearFaults"/> turns it off.
    /// </summary>
    /// <param name="rate">The share of requests to fail, 0 to 1.</param>
    /// <param name="seed">Seeds the random choices, so a run can be repeated.</param>
    /// <example><code>oms.InjectRandomFaults(0.3); // 30% of customer calls fail transiently</code></example>
    public void InjectRandomFaults(double rate, int seed = 2026)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1d);
        _faults.StartChaos(rate, seed);
    }

    /// <summary>Forgets every injected fault not yet used, and stops <see cref="InjectRandomFaults"/>.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Stops the server and cancels webhook deliveries and injected delays in progress.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _server.Dispose();
        _webhookHttp.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Stops the server, as <see cref="Dispose"/> does.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static Customer ToModel(StoredCustomer customer) =>
        JsonSerializer.Deserialize(WireJson.Customer(customer), OmsJsonContext.Default.CustomerWire)!.ToCustomer();

    private void AddFault(InjectedFault fault, int count)
    {
        if (fault.PathPrefix is { } prefix && !prefix.StartsWith('/'))
        {
            throw new ArgumentException("A path prefix starts with '/', for example \"/customers\" or \"/auth/token\".", "pathPrefix");
        }

        _faults.Add(fault, count);
    }

    private void Map(HttpMethod method, Func<string, bool> path, Route route) =>
        _server
            .Given(Request.Create().UsingMethod(method.Method).WithPath(path))
            .AtPriority(1)
            .RespondWith(Response.Create().WithCallback(request => HandleAsync(route, request)));

    private async Task<IResponseMessage> HandleAsync(Route route, IRequestMessage request)
    {
        var call = ReadCall(request);
        Record(call);
        var reply = await ReplyAsync(route, call).ConfigureAwait(false);
        if (reply.DropConnection)
        {
            _connection.Value?.Abort();
            return new ResponseMessage { StatusCode = (int)HttpStatusCode.OK, FaultType = FaultType.EMPTY_RESPONSE };
        }

        var response = new ResponseMessage
        {
            StatusCode = (int)reply.Status,
            BodyData = new BodyData { BodyAsBytes = reply.Body, DetectedBodyType = BodyType.Bytes },
        };
        response.AddHeader("Content-Type", WireJson.ContentType);
        foreach (var (name, value) in reply.Headers)
        {
            response.AddHeader(name, value);
        }

        return response;
    }

    private async Task<FakeOmsReply> ReplyAsync(Route route, FakeOmsCall call)
    {
        if (route == Route.None)
        {
            return FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, $"No OMS route {call.Method} {call.Path}.");
        }

        // Faults stand in front of the API, like a gateway: they answer before authentication.
        if ((_faults.Take(call, FaultKind.Fail, FaultKind.RateLimit, FaultKind.Delay, FaultKind.Drop) ?? _faults.RollChaos(call)) is { Kind: not FaultKind.DropAfterCreate } fault)
        {
            if (fault.Kind != FaultKind.Delay)
            {
                return fault.Reply();
            }

            await Task.Delay(fault.Wait, _stopping.Token).ConfigureAwait(false);
        }

        if (route != Route.IssueToken && _tokens.Refuse(call) is { } refusal)
        {
            return refusal;
        }

        var reply = route switch
        {
            Route.IssueToken => _tokens.Issue(call),
            Route.CreateCustomer => _customers.Create(call),
            Route.GetCustomer => _customers.Get(call),
            _ => _customers.List(call),
        };

        return reply.Status == HttpStatusCode.Created && (_faults.Take(call, FaultKind.DropAfterCreate) ?? _faults.TakeChaosDropAfterCreate(call)) is { } drop ? drop.Reply() : reply;
    }

    private FakeOmsCall ReadCall(IRequestMessage request)
    {
        // The raw target keeps the escaping the client sent; WireMock's paths are unescaped.
        var target = _connection.Value?.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.StartsWith('/') ? raw : new Uri(raw).GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped)
            : request.AbsolutePath + request.RawQuery;
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? string.Empty : target[(queryStart + 1)..];
        if (_versionPath.Length > 0 && path.StartsWith(_versionPath, StringComparison.Ordinal))
        {
            path = path[_versionPath.Length..];
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            headers[name] = string.Join(", ", values);
        }

        return new FakeOmsCall(request.Method.ToUpperInvariant(), path, query, headers.AsReadOnly(), request.BodyAsBytes ?? []);
    }

    private void Record(FakeOmsCall call)
    {
        var entry = new FakeOmsRequest
        {
            Method = new HttpMethod(call.Method),
            Path = call.Path,
            Query = call.Query,
            Headers = call.Headers,
            Body = Encoding.UTF8.GetString(call.Body),
            ReceivedAt = _timeProvider.GetUtcNow(),
        };
        lock (_gate)
        {
            _requests.Add(entry);
        }
    }
}
