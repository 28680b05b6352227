using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// An in-memory OMS: answers the token exchange and the customer routes with pre-encoded bodies, so a benchmark
/// measures the client alone. Every contender sends through one of these, so its cost is the same for all of them.
/// </summary>
/// <remarks>
/// Request bodies are read to the end (a real transport writes them to the wire), so a client that serializes lazily
/// pays for its serialization too. List pages are chained by cursor: page <c>i</c> answers <c>cursor=p{i}</c> and
/// points at <c>p{i+1}</c>; the last one has <c>hasMore: false</c>.
/// </remarks>
public sealed class CannedOmsHandler : HttpMessageHandler
{
    public const int PageSize = 100;

    public static readonly Uri BaseAddress = new("https://oms.invalid/v0.9/");

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly byte[] _token = Encoding.UTF8.GetBytes(
        """{"accessToken":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl","tokenType":"bearer","expiresIn":3600,"expiresAt":"2030-01-15T11:00:00Z"}""");

    private readonly byte[] _customer = Encoding.UTF8.GetBytes(CannedCustomers.Customer(0));
    private readonly byte[][] _pages;

    /// <param name="pages">How many pages the customer list has (each of <see cref="PageSize"/> customers).</param>
    public CannedOmsHandler(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        _pages = [.. Enumerable.Range(0, pages).Select(i => Encoding.UTF8.GetBytes(CannedCustomers.Page(i, pages)))];
    }

    /// <summary>While set, each request body is kept in <see cref="LastRequestBody"/> (off while measuring).</summary>
    public bool CaptureRequestBodies { get; set; }

    /// <summary>The body of the last request sent while <see cref="CaptureRequestBodies"/> was set.</summary>
    public byte[]? LastRequestBody { get; private set; }

    /// <summary>How many token exchanges were answered: a client that caches its token makes one.</summary>
    public int TokenRequests { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            if (CaptureRequestBodies)
            {
                using var body = new MemoryStream();
                await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
                LastRequestBody = body.ToArray();
            }
            else
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
        }

        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/auth/token", StringComparison.Ordinal))
        {
            TokenRequests++;
            return Answer(request, HttpStatusCode.OK, _token);
        }

        if (request.Headers.Authorization is not { Scheme: "Bearer" })
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request };
        }

        if (request.Method == HttpMethod.Post && path.EndsWith("/customers", StringComparison.Ordinal))
        {
            return request.Headers.Contains("Idempotency-Key")
                ? Answer(request, HttpStatusCode.Created, _customer)
                : new HttpResponseMessage(HttpStatusCode.BadRequest) { RequestMessage = request };
        }

        if (request.Method == HttpMethod.Get && path.EndsWith("/customers", StringComparison.Ordinal))
        {
            return Answer(request, HttpStatusCode.OK, _pages[PageIndex(request.RequestUri.Query)]);
        }

        return request.Method == HttpMethod.Get && path.Contains("/customers/", StringComparison.Ordinal)
            ? Answer(request, HttpStatusCode.OK, _customer)
            : new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
    }

    private static int PageIndex(string query)
    {
        var at = query.IndexOf("cursor=p", StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var digits = query.AsSpan(at + "cursor=p".Length);
        var end = digits.IndexOf('&');
        return int.Parse(end < 0 ? digits : digits[..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request, HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}

/// <summary>The customer and page bodies the canned OMS answers with: the OMS contract's sample customer.</summary>
public static class CannedCustomers
{
    public static string Customer(int n) => $$$"""
        {"id":"cst_{{{n:D16}}}","object":"customer","type":"individual","firstName":"Jane","middleName":null,"lastName":"Smith",
        "email":"jane{{{n}}}@example.com","phone":"+12125551234","nationality":"US","externalId":"usr_{{{n}}}","status":"active",
        "signedAgreement":true,"signedAgreementAt":"2026-03-20T14:15:22Z",
        "wallets":[{"id":"wlt_01H9Xb3K7nM2pQ4r","type":"custodial","address":"0x7B3a5c1d9e2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b","network":"polygon",
        "asset":"usdc","balance":"1234.56","estimatedValueUsd":"1234.56","createdAt":"2023-11-07T05:31:56Z"}],
        "endorsements":[{"name":"usd","status":"approved","rejectionReasons":[],"requirements":{"complete":[],"pending":[],"missing":[],"issues":[]}}],
        "metadata":{"plan":"gold"},"createdAt":"2023-11-07T05:31:56Z","updatedAt":"2023-11-07T05:31:56Z"}
        """;

    public static string Page(int index, int pages)
    {
        var items = string.Join(",", Enumerable.Range(index * CannedOmsHandler.PageSize, CannedOmsHandler.PageSize).Select(Customer));
        var more = index + 1 < pages;
        var next = more ? $",\"cursor\":\"p{index + 1}\"" : "";
        return "{\"data\":[" + items + "],\"hasMore\":" + (more ? "true" : "false") + next + "}";
    }
}
