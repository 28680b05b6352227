using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>A WireMock server on 127.0.0.1 speaking the OMS token endpoint, plus helpers to build clients against it.</summary>
internal sealed class OmsWireMock : IDisposable
{
    public const string VersionPath = "/v0.9";
    public const string ApiKey = "sk_sdbx_test_key_0001";
    public const string ApiSecret = "test-secret-do-not-leak-7f3a";
    public const string Token = "tok_test_0001";

    public OmsWireMock(int tokenLifetimeSeconds = 3600)
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        GivenToken(tokenLifetimeSeconds);
    }

    public WireMockServer Server { get; }

    public Uri BaseAddress => new(Server.Urls[0] + VersionPath);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 20, 14, 0, 0, TimeSpan.Zero));

    public IEnumerable<ILogEntry> Requests(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage!.AbsolutePath == VersionPath + path).OrderBy(e => e.RequestMessage!.DateTime);

    public int TokenExchanges => Requests("/auth/token").Count();

    public void GivenToken(int lifetimeSeconds = 3600, string token = Token) =>
        Server.Given(Request.Create().WithPath(VersionPath + "/auth/token").UsingPost())
            .RespondWith(Json(HttpStatusCode.OK, $$"""{"accessToken":"{{token}}","tokenType":"bearer","expiresIn":{{lifetimeSeconds}},"expiresAt":"2026-03-20T15:00:00Z"}"""));

    public static IResponseBuilder Json(HttpStatusCode status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    public OmsClientOptions Options(Action<OmsClientOptions>? configure = null)
    {
        var options = new OmsClientOptions
        {
            ApiKey = ApiKey,
            ApiSecret = ApiSecret,
            BaseAddress = BaseAddress,
            TimeProvider = Clock,
        };
        options.Resilience.BaseDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return options;
    }

    public OmsClient Client(Action<OmsClientOptions>? configure = null) => new(Options(configure));

    public static JsonElement BodyOf(ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage!.Body!).RootElement;

    public static string? Header(ILogEntry entry, string name) =>
        entry.RequestMessage!.Headers!.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public void Dispose() => Server.Stop();
}
