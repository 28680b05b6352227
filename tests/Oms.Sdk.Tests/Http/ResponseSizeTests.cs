using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Http;

/// <summary>
/// Tests that bound the whole process's allocations run alone, so that no other test's allocations count against them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}

/// <summary>
/// Answers are bounded by <see cref="OmsClientOptions.MaxResponseBodySize"/> on the decoded bytes, while reading: a lying
/// <c>Content-Length</c>, an endless chunked body, a gzip bomb or a 50 MB string each end the call at once with an
/// <see cref="OmsUnexpectedResponseException"/> naming the limit and the setting, not retried, in bounded memory.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class ResponseSizeTests
{
    /// <summary>What a call may allocate, the whole process counted (the server included), when the limit is 8 MiB.</summary>
    private const long AllocationBound = 64L * 1024 * 1024;

    private static readonly byte[] Spaces = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
    private static readonly byte[] Letters = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static OmsClientOptions Options(Uri baseAddress, long? limit = null) => new()
    {
        ApiKey = "sk_sdbx_size_key",
        ApiSecret = "sec_size_secret",
        BaseAddress = baseAddress,
        MaxResponseBodySize = limit ?? OmsClientOptions.DefaultMaxResponseBodySize,
        Resilience = { BaseDelay = TimeSpan.Zero },
    };

    /// <summary>The bytes the process has allocated so far, or null where the runtime does not count them.</summary>
    private static long? AllocatedBytes()
    {
#if NETFRAMEWORK
        try
        {
            AppDomain.MonitoringIsEnabled = true;
            return AppDomain.CurrentDomain.MonitoringTotalAllocatedMemorySize;
        }
        catch (NotImplementedException)
        {
            return null; // Mono
        }
#else
        return GC.GetTotalAllocatedBytes(precise: true);
#endif
    }

    /// <summary>The last check of each test here: the call allocated far less than the body it refused.</summary>
    private static void AssertAllocatedBelowBound(long? allocated)
    {
        if (allocated is null)
        {
            Assert.Skip("Every other check of this test ran and passed; only the allocation bound is not measured: Mono does not count allocated bytes "
                + "(AppDomain.MonitoringTotalAllocatedMemorySize throws NotImplementedException there). The net10.0 and net8.0 legs measure it.");
        }

        Assert.True(allocated < AllocationBound, $"allocated {allocated:N0} bytes");
    }

    /// <summary>Runs the call and returns the error, how long it took and what the process allocated meanwhile.</summary>
    private async Task<(OmsUnexpectedResponseException Error, TimeSpan Elapsed, long? Allocated)> MeasureAsync(HostileHttpServer oms, long? limit = null)
    {
        using var client = new OmsClient(Options(oms.BaseAddress, limit));
        GC.Collect();
        var before = AllocatedBytes();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<OmsUnexpectedResponseException>(() => client.Customers.GetAsync("cst_1", _ct));
        var elapsed = clock.Elapsed;
        var allocated = AllocatedBytes() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"elapsed {elapsed.TotalMilliseconds:0} ms, allocated {allocated / 1024.0 / 1024.0:0.0} MiB");
        return (error, elapsed, allocated);
    }

    private static void AssertNamesTheLimit(OmsUnexpectedResponseException error, long limit = OmsClientOptions.DefaultMaxResponseBodySize)
    {
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Contains("OmsClientOptions.MaxResponseBodySize", error.Message, StringComparison.Ordinal);
        Assert.Contains(limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("customers.get", error.Operation);
        Assert.Equal(1, error.Attempts);
    }

    private static async Task WriteChunkAsync(Stream stream, byte[] data, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), ct);
        await stream.WriteAsync(data, ct);
        await stream.WriteAsync("\r\n"u8.ToArray(), ct);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_fails_before_the_body_is_read()
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Content-Length", "2000000000")], null, ct);
            while (true)
            {
                await stream.WriteAsync(" "u8.ToArray(), ct); // a trickle that would take weeks
                await Task.Delay(50, ct);
            }
        }));

        var (error, _, allocated) = await MeasureAsync(oms);

        AssertNamesTheLimit(error);
        Assert.Contains("declares a body of 2,000,000,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, oms.Count("/customers/cst_1"));
        AssertAllocatedBelowBound(allocated);
    }

    [Fact]
    public async Task An_endless_chunked_body_stops_at_the_limit()
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], null, ct);
            while (true)
            {
                await WriteChunkAsync(stream, Spaces, ct);
            }
        }));

        var (error, _, allocated) = await MeasureAsync(oms);

        AssertNamesTheLimit(error);
        Assert.Equal(1, oms.Count("/customers/cst_1"));
        AssertAllocatedBelowBound(allocated);
    }

    [Fact]
    public async Task A_gzip_bomb_is_counted_decoded_and_stops_at_the_limit()
    {
#if NETFRAMEWORK
        // .NET Framework's GZipStream (Mono's too) decodes only the first member of a body: one member, then, of
        // 32 MiB of zeros (about 32 KB gzipped), four times the limit.
        var member = Gzip(new byte[32 * 1024 * 1024]);
        var copies = 1;
#else
        // 1 MiB of zeros compresses to about a kilobyte; ~2,900 gzip members back to back are a valid 3 MB body that
        // inflates to ~2.9 GiB. Written from the one member, never allocated whole.
        var member = Gzip(new byte[1024 * 1024]);
        var copies = 3_000_000 / member.Length;
#endif
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("Content-Length", (copies * member.Length).ToString(System.Globalization.CultureInfo.InvariantCulture))], null, ct);
            for (var i = 0; i < copies; i++)
            {
                await stream.WriteAsync(member, ct);
            }
        }));

        var (error, _, allocated) = await MeasureAsync(oms);

        AssertNamesTheLimit(error);
        Assert.Equal(1, oms.Count("/customers/cst_1"));
        AssertAllocatedBelowBound(allocated);
    }

    [Fact]
    public async Task A_fifty_megabyte_string_in_a_customer_stops_at_the_limit()
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], null, ct);
            await WriteChunkAsync(stream, """{"id":"cst_1","firstName":" """u8.ToArray(), ct);
            for (var sent = 0; sent < 50 * 1024 * 1024; sent += Letters.Length)
            {
                await WriteChunkAsync(stream, Letters, ct);
            }

            await WriteChunkAsync(stream, "\"}"u8.ToArray(), ct);
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), ct);
        }));

        var (error, _, allocated) = await MeasureAsync(oms);

        AssertNamesTheLimit(error);
        AssertAllocatedBelowBound(allocated);
    }

    [Fact]
    public async Task The_limit_is_the_setting()
    {
        var customer = $$"""{"id":"cst_1","firstName":"{{new string('a', 100_000)}}"}""";
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen((_, stream, ct) =>
            HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], Chunked(customer), ct, addLength: false)));

        var (error, _, _) = await MeasureAsync(oms, limit: 64 * 1024);

        AssertNamesTheLimit(error, 64 * 1024);
    }

    [Fact]
    public async Task A_token_answer_over_the_limit_fails_the_exchange_once()
    {
        await using var oms = new HostileHttpServer(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")], null, ct);
            while (true)
            {
                await WriteChunkAsync(stream, Spaces, ct);
            }
        });

        var (error, _, allocated) = await MeasureAsync(oms);

        Assert.Contains("OmsClientOptions.MaxResponseBodySize", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth.token", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, oms.Count("/auth/token"));
        AssertAllocatedBelowBound(allocated);
    }

    [Fact]
    public async Task An_endless_error_page_is_cut_and_its_status_still_counts()
    {
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen(async (_, stream, ct) =>
        {
            await HostileHttpServer.WriteAsync(stream, 503, "Service Unavailable", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")], null, ct);
            while (true)
            {
                await WriteChunkAsync(stream, Letters, ct);
            }
        }));
        var options = Options(oms.BaseAddress);
        options.Resilience.MaxRetries = 1;
        using var client = new OmsClient(options);

        var error = await Assert.ThrowsAsync<OmsApiException>(() => client.Customers.GetAsync("cst_1", _ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.Equal(OmsErrorBodyLength, error.RawBody!.Length);
    }

    private const int OmsErrorBodyLength = 4096;

    [Fact]
    public async Task The_largest_legitimate_page_is_well_under_the_default_limit()
    {
        // 100 customers (the most a page holds), each with 10 wallets, all three endorsements with requirements and
        // rejection reasons, and 50 metadata entries of 40-character keys and 500-character values.
        var page = LargestPage();
        var size = Encoding.UTF8.GetByteCount(page);
        TestContext.Current.TestOutputHelper?.WriteLine($"largest legitimate page: {size:N0} bytes");
        await using var oms = new HostileHttpServer(HostileHttpServer.TokenThen((_, stream, ct) =>
            HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(page), ct)));
        using var client = new OmsClient(Options(oms.BaseAddress));

        var read = await client.Customers.ListAsync(new ListCustomersOptions { Limit = 100 }, _ct);

        Assert.Equal(100, read.Items.Count);
        Assert.Equal(50, read.Items[99].Metadata.Count);
        Assert.True(size < OmsClientOptions.DefaultMaxResponseBodySize / 2, $"{size:N0} bytes");
    }

    internal static string LargestPage()
    {
        var wallet = """{"id":"wlt_01H9Xb3K7nM2pQ4rAAAAAAAA","type":"custodial","address":"0x7B3a5c9d8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b","network":"polygon","asset":"usdc","balance":"123456789012.123456","estimatedValueUsd":"123456789012.123456","createdAt":"2023-11-07T05:31:56Z"}""";
        var endorsement = """{"name":"NAME","status":"pending","rejectionReasons":["document_expired","name_mismatch"],"requirements":{"complete":["id_front","id_back"],"pending":["selfie"],"missing":["proof_of_address"],"issues":["blurry_image"]}}""";
        var metadata = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"{i:D2}{new string('k', 38)}\":\"{new string('v', 500)}\""));
        var customer = $$"""{"id":"cst_01H9Xa8F5dN6mP3qAAAAAAAA","object":"customer","type":"individual","firstName":"{{new string('F', 100)}}","middleName":"{{new string('M', 100)}}","lastName":"{{new string('L', 100)}}","email":"{{new string('e', 240)}}@example.com","phone":"+12125551234","nationality":"US","externalId":"{{new string('x', 255)}}","status":"active","signedAgreement":true,"signedAgreementAt":"2026-03-20T14:15:22Z","wallets":[{{string.Join(",", Enumerable.Repeat(wallet, 10))}}],"endorsements":[{{string.Join(",", new[] { "basic", "cryptoCustody", "usd" }.Select(n => endorsement.Replace("NAME", n, StringComparison.Ordinal)))}}],"metadata":{{{metadata}}},"createdAt":"2023-11-07T05:31:56Z","updatedAt":"2023-11-07T05:31:56Z"}""";
        return $$"""{"data":[{{string.Join(",", Enumerable.Repeat(customer, 100))}}],"hasMore":true,"cursor":"{{new string('c', 200)}}"}""";
    }

#if NETFRAMEWORK
    private const CompressionLevel SmallestSize = CompressionLevel.Optimal; // .NET Framework's best
#else
    private const CompressionLevel SmallestSize = CompressionLevel.SmallestSize;
#endif

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Chunked(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), .. bytes, .. "\r\n0\r\n\r\n"u8.ToArray()];
    }
}
