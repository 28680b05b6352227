using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Oms.Sdk.Testing.Control;
using Oms.Sdk.Testing.Endpoints;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// The fake's HTTP side on WireMock.Net: one mapping per route of <see cref="FakeOmsRoutes"/> (and a catch-all for the
/// rest) whose callback turns the request into a <see cref="FakeOmsCall"/>, asks for the <see cref="FakeOmsReply"/> and
/// sends it. Two things WireMock.Net cannot do are done on the connection itself, reached through a middleware in front
/// of WireMock's: reading the raw request target (so a customer id is matched as the exact escaped segment that was
/// sent) and dropping a connection (WireMock.Net's <c>EMPTY_RESPONSE</c> fault sends a status line with an empty body).
/// </summary>
internal sealed class WireMockHost : IDisposable
{
    private readonly WireMockServer _server;
    private readonly string _versionPath;
    private readonly Func<FakeOmsRoute?, FakeOmsCall, Task<FakeOmsReply>> _answer;
    private readonly AsyncLocal<HttpContext?> _connection = new();

    /// <param name="versionPath">The version prefix every route is served under, for example <c>/v0.9</c>.</param>
    /// <param name="port">The port on 127.0.0.1; 0 lets the OS pick a free one.</param>
    /// <param name="routes">The routes to map.</param>
    /// <param name="answer">Answers a call to a route, or to no route (<see langword="null"/>).</param>
    /// <param name="control">Answers a call below <see cref="FakeOmsControlRoutes.Prefix"/>; <see langword="null"/> serves no controls.</param>
    public WireMockHost(string versionPath, int port, IReadOnlyList<FakeOmsRoute> routes, Func<FakeOmsRoute?, FakeOmsCall, Task<FakeOmsReply>> answer, Func<FakeOmsCall, Task<FakeOmsReply>>? control)
    {
        _versionPath = versionPath;
        _answer = answer;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            // The loopback address: nothing outside this machine can connect.
            Urls = [$"http://127.0.0.1:{port}"],
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
            foreach (var route in routes)
            {
                _server
                    .Given(Request.Create().UsingMethod(route.Method.Method).WithPath(path => path.StartsWith(versionPath, StringComparison.Ordinal) && route.Matches(path[versionPath.Length..])))
                    .AtPriority(1)
                    .RespondWith(Response.Create().WithCallback(request => HandleAsync(route, request)));
            }

            if (control is not null)
            {
                _server
                    .Given(Request.Create().UsingAnyMethod().WithPath(path => path.StartsWith(FakeOmsControlRoutes.Prefix, StringComparison.Ordinal)))
                    .AtPriority(1)
                    .RespondWith(Response.Create().WithCallback(async request => Send(await control(ReadCall(request)).ConfigureAwait(false))));
            }

            _server
                .Given(Request.Create().UsingAnyMethod().WithPath(_ => true))
                .AtPriority(100)
                .RespondWith(Response.Create().WithCallback(request => HandleAsync(null, request)));
        }
        catch
        {
            _server.Dispose();
            throw;
        }
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, without the version path.</summary>
    /// <remarks>Built from the port, as WireMock.Net reports a fixed port's URL as <c>localhost</c>, which may resolve to IPv6 first.</remarks>
    public string Url => $"http://127.0.0.1:{_server.Ports[0]}";

    public void Dispose() => _server.Dispose();

    private async Task<IResponseMessage> HandleAsync(FakeOmsRoute? route, IRequestMessage request) =>
        Send(await _answer(route, ReadCall(request)).ConfigureAwait(false));

    private IResponseMessage Send(FakeOmsReply reply)
    {
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
        // OMS documents no request-id header; the fake sends the first one the SDK reads, so errors carry an id to quote.
        response.AddHeader("X-Request-Id", "req_" + RandomText.Base62(20));
        foreach (var (name, value) in reply.Headers)
        {
            response.AddHeader(name, value);
        }

        return response;
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
}
