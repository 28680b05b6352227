using System.Net;
using System.Text;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>An in-memory handler that records what leaves the client and answers from a function.</summary>
internal sealed class CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<Uri> Uris { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static CapturingHandler WithToken(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        new(request => request.RequestUri!.AbsolutePath.EndsWith("/auth/token", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"accessToken":"tok","expiresIn":3600}""")
            : answer(request));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Uris)
        {
            Uris.Add(request.RequestUri!);
        }

        return Task.FromResult(answer(request));
    }
}
