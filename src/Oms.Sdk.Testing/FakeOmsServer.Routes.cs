using System.Text;
using Oms.Sdk.Testing.Endpoints;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>Routes a test adds: an endpoint OMS has and the fake does not serve (yet), to test <c>IOmsClient.SendAsync</c> against.</summary>
public sealed partial class FakeOmsServer
{
    private readonly List<FakeOmsRoute> _customRoutes = [];

    /// <summary>
    /// Serves <paramref name="pathTemplate"/> with <paramref name="handler"/>, behind the fake's bearer check and injected
    /// faults like every other route, and recorded in <see cref="Requests"/>. It is matched before the fake's own routes
    /// (so <c>/customers/{id}/balance</c> is not read as a customer id); a later mapping of the same method and template
    /// replaces an earlier one.
    /// </summary>
    /// <param name="method">The HTTP method it answers.</param>
    /// <param name="pathTemplate">
    /// The path below <see cref="BaseAddress"/>, starting with <c>/</c>; a segment in braces (<c>{id}</c>) matches any one
    /// segment, for example <c>/customers/{id}/balance</c>.
    /// </param>
    /// <param name="handler">Answers a request; it runs on the server's thread and may be called concurrently.</param>
    /// <exception cref="ArgumentException">The template does not start with <c>/</c> or has an empty segment.</exception>
    public void MapRoute(HttpMethod method, string pathTemplate, Func<FakeOmsRequest, FakeOmsResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathTemplate);
        if (!pathTemplate.StartsWith('/') || pathTemplate.Length > 1 && pathTemplate[1..].Split('/').Any(s => s.Length == 0))
        {
            throw new ArgumentException($"The route template '{pathTemplate}' must start with '/' and have no empty segment, for example /customers/{{id}}/balance.", nameof(pathTemplate));
        }

        var route = new FakeOmsRoute(method, pathTemplate, new CustomEndpoint(this, handler)) { Template = true };
        lock (_gate)
        {
            _customRoutes.RemoveAll(r => r.Method == method && r.Path == pathTemplate);
            _customRoutes.Add(route);
        }
    }

    /// <summary>The route a test added for this call, if any.</summary>
    private FakeOmsRoute? CustomRoute(FakeOmsCall call)
    {
        lock (_gate)
        {
            return _customRoutes.LastOrDefault(r => r.Method.Method == call.Method && r.Matches(call.Path));
        }
    }

    private FakeOmsRequest ToRequest(FakeOmsCall call) => new()
    {
        Method = new HttpMethod(call.Method),
        Path = call.Path,
        Query = call.Query,
        Headers = call.Headers,
        Body = Encoding.UTF8.GetString(call.Body),
        ReceivedAt = _timeProvider.GetUtcNow(),
    };

    /// <summary>A test's handler as an endpoint.</summary>
    private sealed class CustomEndpoint(FakeOmsServer server, Func<FakeOmsRequest, FakeOmsResponse> handler) : IFakeOmsEndpoint
    {
        public FakeOmsReply Handle(FakeOmsCall call)
        {
            var response = handler(server.ToRequest(call));
            return new FakeOmsReply(response.StatusCode, response.Body is null ? [] : Encoding.UTF8.GetBytes(response.Body))
            {
                Headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase),
            };
        }
    }
}
