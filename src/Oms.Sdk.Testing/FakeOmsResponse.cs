using System.Net;

namespace Oms.Sdk.Testing;

/// <summary>The answer of a route a test added with <see cref="FakeOmsServer.MapRoute"/>.</summary>
/// <example><code>
/// oms.MapRoute(HttpMethod.Get, "/customers/{id}/balance", request => FakeOmsResponse.Json(HttpStatusCode.OK, """{"balance":"12.50"}"""));
/// </code></example>
public sealed class FakeOmsResponse
{
    /// <summary>Creates an answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body, sent as <c>application/json</c>; <see langword="null"/> for none.</param>
    public FakeOmsResponse(HttpStatusCode statusCode, string? body = null)
    {
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The body, sent as <c>application/json</c>; <see langword="null"/> for none.</summary>
    public string? Body { get; }

    /// <summary>Extra response headers (a <c>Content-Type</c> here replaces the JSON one).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>An answer with a JSON body.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The JSON text.</param>
    /// <returns>The answer.</returns>
    public static FakeOmsResponse Json(HttpStatusCode statusCode, string body) => new(statusCode, body);
}
