using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Oms.Sdk.Testing.Control;
using Oms.Sdk.Testing.Endpoints;
using Oms.Sdk.Testing.Internal;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Testing;

/// <summary>
/// A fake OMS for integration tests: a real HTTP server on <c>127.0.0.1</c> that speaks the Customers API the way the
/// contract (docs/testing.md, CONTRIBUTING.md's rulings) describes, with state. It checks API keys and bearer tokens, validates creates and updates,
/// honours idempotency keys, filters and pages lists, grants endorsements with signed webhooks, and injects faults on
/// request. Thread-safe; dispose it to stop the server.
/// </summary>
/// <remarks>
/// Built on WireMock.Net. The routes are listed in one place (<c>Endpoints/FakeOmsRoutes.cs</c>), one endpoint class each;
/// this class puts injected faults and the bearer check in front of them, like a gateway, and records every request.
/// </remarks>
/// <example><code>
/// await using var oms = FakeOmsServer.Start();
/// using var client = new OmsClient(oms.CreateClientOptions());
/// Customer created = await client.Customers.CreateAsync(new CreateCustomerRequest { Email = "jane@example.com" });
/// Assert.Single(oms.Customers);
/// </code></example>
public sealed partial class FakeOmsServer : IAsyncDisposable, IDisposable
{
    /// <summary>The category of the fake's log (<see cref="FakeOmsServerOptions.LoggerFactory"/>).</summary>
    public const string LogCategory = "Oms.Sdk.Testing";

    private readonly WireMockHost _host;
    private readonly TimeProvider _timeProvider;
    private readonly TokenAuthority _tokens;
    private readonly CustomerBook _book;
    private readonly FaultQueue _faults = new();
    private readonly HttpClient _webhookHttp;
    private readonly WebhookSender _webhooks;
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
        _timeProvider = options.TimeProvider;
        var signer = new OmsWebhookSigner(WebhookSecret);
        _tokens = new TokenAuthority(ApiKey, ApiSecret, options.TokenLifetime, _timeProvider);
        _grantDelay = options.EndorsementGrantDelay;
        _book = new CustomerBook(_timeProvider, options.EndorsementMode, grantLater: _grantDelay > TimeSpan.Zero, ScheduleGrant);
        _webhookHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LogCategory);
        _webhooks = new WebhookSender(_webhookHttp, signer, _timeProvider, options.WebhookRetryDelays, options.WebhookAttemptTimeout, logger);
        try
        {
            _host = new WireMockHost(options.ApiVersionPath, options.Port ?? 0, FakeOmsRoutes.All(_tokens, _book), AnswerAsync, options.EnableControlRoutes ? AnswerControlAsync : null);
        }
        catch
        {
            _webhookHttp.Dispose();
            throw;
        }

        BaseAddress = new Uri(_host.Url + options.ApiVersionPath);
        ControlAddress = options.EnableControlRoutes ? new Uri(_host.Url + FakeOmsControlRoutes.Prefix) : null;
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
    public IReadOnlyList<Customer> Customers => [.. _book.Snapshot().Select(ClientView.Customer)];

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

    /// <summary>Starts a fake OMS on <c>127.0.0.1</c>, on a free port unless <see cref="FakeOmsServerOptions.Port"/> names one.</summary>
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

    /// <summary>
    /// This fake's settings as configuration keys under <paramref name="section"/>, the layout <c>AddOmsClient(configuration.GetSection("Oms"))</c>
    /// and <c>AddOmsWebhooks(configuration.GetSection("Oms"))</c> read: <c>Oms:BaseAddress</c>, <c>Oms:ApiKey</c>,
    /// <c>Oms:ApiSecret</c> and <c>Oms:WebhookSecret</c>. Give them to the app under test in one line.
    /// </summary>
    /// <param name="section">The section the app binds; default <c>Oms</c>.</param>
    /// <returns>The four keys and their values, for <c>AddInMemoryCollection</c> or <c>UseSetting</c>.</returns>
    /// <example><code>
    /// // In a WebApplicationFactory: the app's AddOmsClient and AddOmsWebhooks now talk to, and verify, this fake.
    /// builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(oms.ToConfiguration()));
    /// </code></example>
    public IReadOnlyDictionary<string, string?> ToConfiguration(string section = "Oms")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [section + ":BaseAddress"] = BaseAddress.ToString(),
            [section + ":ApiKey"] = ApiKey,
            [section + ":ApiSecret"] = ApiSecret,
            [section + ":WebhookSecret"] = WebhookSecret,
        };
    }

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

        return ClientView.Customer(_book.Update(customerId, c => c with { Status = status }));
    }

    /// <summary>Stops the server and cancels webhook deliveries and injected delays in progress.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        StopScheduledGrants();
        _host.Dispose();
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

    /// <summary>Records the call, then answers it: injected faults first, then the bearer check, then the route's endpoint.</summary>
    private async Task<FakeOmsReply> AnswerAsync(FakeOmsRoute? route, FakeOmsCall call)
    {
        Record(call);
        route = CustomRoute(call) ?? route;
        if (route is null)
        {
            return FakeOmsReply.Error(HttpStatusCode.NotFound, ErrorCodes.NotFound, $"No OMS route {call.Method} {call.Path}.");
        }

        // Faults stand in front of the API, like a gateway: they answer before authentication.
        if ((_faults.Take(call, FaultKind.Fail, FaultKind.RateLimit, FaultKind.Delay, FaultKind.Drop) ?? _faults.RollChaos(call)) is { Kind: not (FaultKind.DropAfterCreate or FaultKind.DropAfterUpdate) } fault)
        {
            if (fault.Kind != FaultKind.Delay)
            {
                return fault.Reply();
            }

            await Task.Delay(fault.Wait, _stopping.Token).ConfigureAwait(false);
        }

        if (!route.Anonymous && _tokens.Refuse(call) is { } refusal)
        {
            return refusal;
        }

        var reply = route.Endpoint.Handle(call);
        return route.DropAfterSuccess is { } dropKind && (int)reply.Status is >= 200 and <= 299
            && (_faults.Take(call, dropKind) ?? _faults.TakeChaosDropAfterCreate(call)) is { } drop
            ? drop.Reply()
            : reply;
    }

    private void Record(FakeOmsCall call)
    {
        var entry = ToRequest(call);
        lock (_gate)
        {
            _requests.Add(entry);
        }
    }
}
