using System.Net;
using System.Text;
using Oms.Sdk.Http;
using Oms.Sdk.Serialization;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Oms.Sdk.Tests.Customers;

/// <summary>
/// Each answer's body is read whole inside its attempt and parsed in place (<see cref="OmsResponseBody"/>): it must
/// read exactly what the server sent, whatever the framing and encoding, and report a body cut short as a transport
/// failure the pipeline retries.
/// </summary>
public sealed class ResponseBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("utf-8", true)]
    [InlineData("\"UTF-8\"", false)]
    [InlineData("utf-16", false)]
    [InlineData("utf-16", true)]
    [InlineData("iso-8859-1", false)]
    public async Task Reads_a_customer_in_any_charset_OMS_names(string charset, bool byteOrderMark)
    {
        var json = """{"id":"cst_1","firstName":"Zoë","email":"zoe@example.com","metadata":{"note":"café"}}""";
        var encoding = Encoding.GetEncoding(charset.Trim('"'));
        byte[] body = [.. byteOrderMark ? encoding.GetPreamble() : [], .. encoding.GetBytes(json)];
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath(OmsWireMock.VersionPath + "/customers/cst_1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", $"application/json; charset={charset}").WithBody(body));
        using var client = oms.Client();

        var customer = await client.Customers.GetAsync("cst_1", Ct);

        Assert.Equal("Zoë", customer.FirstName);
        Assert.Equal("café", customer.Metadata["note"]);
    }

    [Theory]
    [InlineData("{\"id\":\"cst_1\",\"firstName\":\"", "\"}")]
    [InlineData("{\"id\":\"cst_1\",\"endorsements\":[{\"name\":\"", "\"}]}")]
    [InlineData("{\"id\":\"cst_1\",\"endorsements\":[{\"requirements\":{\"missing\":[\"", "\"]}}]}")]
    public async Task A_body_that_is_not_valid_utf8_is_an_unexpected_response(string before, string after)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(before), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(after)];
        using var oms = new OmsWireMock();
        oms.Server.Given(Request.Create().WithPath(OmsWireMock.VersionPath + "/customers/cst_1").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", "application/json").WithBody(body));
        using var client = oms.Client();

        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", Ct));

        // The parser's exception quotes what it read: neither it nor its text is kept (issue #11).
        Assert.Null(error.InnerException);
        Assert.Contains("not well-formed JSON in UTF-8 (or the charset it names) at line 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cst_1", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("application/json;charset=\"UTF-8\"", true)]
    [InlineData("application/json; charset=utf8", true)]
    [InlineData("application/json; charset=utf-16", false)]
    [InlineData("application/json; v=2; charset = iso-8859-1", false)]
    [InlineData("application/json; charsetx=utf-16", true)]
    [InlineData("", true)]
    public void Parses_in_place_only_what_is_utf8(string contentType, bool inPlace)
    {
        Assert.Equal(inPlace, OmsResponseBody.IsUtf8OrUnnamed(contentType));
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_read_as_utf8()
    {
        using var original = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"id":"cst_ü"}"""));

        var buffered = await Read(original);

        var wire = buffered.Deserialize(OmsJsonContext.Default.CustomerWire);
        Assert.Equal("cst_ü", wire!.Id);
    }

    [Fact]
    public async Task Keeps_the_content_type_and_the_bytes_as_received()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"id":"cst_1"}""");
        using var original = new ByteArrayContent(bytes);
        original.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");

        var buffered = await Read(original);

        Assert.Equal("application/json; charset=utf-8", buffered.ContentType);
        Assert.Equal(bytes.Length, buffered.Length);
        Assert.Equal(bytes, buffered.Bytes.ToArray());
        var wire = buffered.Deserialize(OmsJsonContext.Default.CustomerWire);
        Assert.Equal("cst_1", wire!.Id);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(0, 0L)]
    [InlineData(70_000, null)]
    [InlineData(70_000, 70_000L)]
    [InlineData(1_500_000, 1_500_000L)]
    public async Task Reads_the_whole_body_with_or_without_a_declared_length(int size, long? declared)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        using var original = new StreamContent(new TrickleStream(bytes, bytes.Length));
        original.Headers.ContentLength = declared;

        var buffered = await Read(original);

        Assert.Equal(bytes, buffered.Bytes.ToArray());
    }

    [Theory]
    [InlineData(100, 40)]
    [InlineData(2_000_000, 1_000_000)]
    public async Task A_body_shorter_than_declared_is_a_transport_failure(int declared, int sent)
    {
        var bytes = new byte[declared];
        using var original = new StreamContent(new TrickleStream(bytes, sent));
        original.Headers.ContentLength = declared;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Read(original));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
    }

    [Fact]
    public async Task Pooled_bodies_never_leak_between_calls_running_at_once_and_an_error_keeps_its_own_text()
    {
        // Bodies are read into pooled arrays that go back to the pool once the answer is read: a call that kept or read
        // an array after that would see another call's bytes. 64 gets of 16 customers with bodies of different lengths,
        // 8 at a time, and a 404 whose raw body is checked after all of them.
        using var oms = new OmsWireMock();
        for (var i = 0; i < 16; i++)
        {
            oms.Server.Given(Request.Create().WithPath(OmsWireMock.VersionPath + $"/customers/cst_{i}").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", "application/json")
                    .WithBody($$$"""{"id":"cst_{{{i}}}","firstName":"{{{new string((char)('a' + i), 10 + (i * 37))}}}","metadata":{"n":"{{{i}}}"}}"""));
        }

        oms.Server.Given(Request.Create().WithPath(OmsWireMock.VersionPath + "/customers/cst_gone").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.NotFound).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error":{"code":"not_found","message":"No customer cst_gone."}}"""));
        using var client = oms.Client();

        var missing = await Assert.ThrowsAsync<OmsNotFoundException>(() => client.Customers.GetAsync("cst_gone", Ct));
        var rawBody = missing.RawBody;
        // 64 calls, 8 at a time.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var n = worker; n < 64; n += 8)
            {
                var i = n % 16;
                var customer = await client.Customers.GetAsync($"cst_{i}", Ct);
                Assert.Equal(($"cst_{i}", new string((char)('a' + i), 10 + (i * 37)), i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (customer.Id, customer.FirstName, customer.Metadata["n"]));
            }
        }));

        Assert.Equal("""{"error":{"code":"not_found","message":"No customer cst_gone."}}""", rawBody);
        Assert.Equal(rawBody, missing.RawBody);
    }

    private static Task<OmsResponseBody> Read(HttpContent content) =>
        OmsResponseBody.ReadAsync(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content }, OmsClientOptions.DefaultMaxResponseBodySize, call: null, Ct).AsTask();

    /// <summary>Hands out at most 7 bytes a read, and ends after <c>available</c> bytes, as a slow or dying connection does.</summary>
    private sealed class TrickleStream(byte[] bytes, int available) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

#if NETFRAMEWORK
        // .NET Framework's Stream has no span overloads to override: the byte[] ones above call this one.
        public int Read(Span<byte> buffer)
#else
        public override int Read(Span<byte> buffer)
#endif
        {
            var n = Math.Min(Math.Min(buffer.Length, 7), available - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

#if !NETFRAMEWORK
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
#endif

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
