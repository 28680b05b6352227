using System.Net;
using System.Text.Json;
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

    public TestClock Clock { get; } = new();

    public IEnumerable<ILogEntry> Requests(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage!.AbsolutePath == VersionPath + path).OrderBy(e => e.RequestMessage!.DateTime);

    public int TokenExchanges => Requests("/auth/token").Count();

    public void GivenToken(int lifetimeSeconds = 3600, string token = Token) =>
        Server.Given(Request.Create().WithPath(VersionPath + "/auth/token").UsingPost())
            .RespondWith(Json(HttpStatusCode.OK, $$"""{"accessToken":"{{token}}","tokenType":"bearer","expiresIn":{{lifetimeSeconds}},"expiresAt":"2026-03-20T15:00:00Z"}"""));

    /// <summary>Answers <paramref name="path"/> with each response in turn; the last one repeats.</summary>
    public void GivenSequence(string method, string path, params IResponseBuilder[] responses)
    {
        var scenario = $"{method} {path} {Guid.NewGuid()}";
        for (var i = 0; i < responses.Length; i++)
        {
            var given = Server.Given(Request.Create().WithPath(VersionPath + path).UsingMethod(method)).InScenario(scenario);
            given = i == 0 ? given : given.WhenStateIs($"after-{i}");
            if (i < responses.Length - 1)
            {
                given = given.WillSetStateTo($"after-{i + 1}");
            }

            given.RespondWith(responses[i]);
        }
    }

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
