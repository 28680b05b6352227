using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsCheck;
using Oms.Sdk.Tests.Infrastructure;

namespace Oms.Sdk.Tests.Http;

/// <summary>
/// Whatever a server sends (any status, lying or malformed headers, truncated, garbage, deeply nested, huge-numbered or
/// duplicated bodies, bad compression), at the token exchange or at a customer call, through the real client over
/// loopback: the call either succeeds or fails with an <see cref="OmsException"/> that carries no secret. Nothing else
/// (no <see cref="IOException"/>, <see cref="FormatException"/>, <see cref="ArgumentException"/>, JSON or HTTP
/// exception, no out-of-memory) ever escapes.
/// </summary>
public sealed class HostileAnswerFuzzTests
{
    private const string ApiSecret = "sec_fuzz_never_leaks_77";

    private static readonly byte[] Customer = Encoding.UTF8.GetBytes(WireSamples.FullCustomer);

    /// <summary>One of <paramref name="values"/> (CsCheck 5 spells it Gen.OneOf, 4.9, the last for .NET 8, Gen.OneOfConst).</summary>
    private static Gen<T> OneOfValues<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<int> Statuses = Gen.OneOf(
        Gen.Int[100, 599],
        OneOfValues(200, 200, 200, 201, 204, 301, 302, 304, 307, 308, 400, 401, 404, 409, 422, 429, 500, 503));

    private static readonly Gen<string> Pieces = OneOfValues(
        "{", "}", "[", "]", "\"id\"", ":", ",", "\"cst_1\"", "1e400", "-0", "null", "true", "\"\\u0000\"", "\"\\uD800\"",
        "\"wallets\"", "\"balance\"", "\"99999999999999999999999999999999\"", "\"endorsements\"", "\"name\"", "\"accessToken\"",
        "\"expiresIn\"", "1e308", "\"metadata\"", "\"createdAt\"", "\"9999-99-99\"", "\\", "\"");

    private static readonly Gen<byte[]> Bodies = Gen.OneOf(
        Gen.Const(Customer),
        Gen.Int[0, Customer.Length].Select(n => Customer[..n]),
        Gen.Byte.Array[0, 300],
        Gen.Int[1, 3000].Select(n => Encoding.ASCII.GetBytes(new string('[', n) + new string(']', n))),
        Gen.Int[1, 3000].Select(n => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n))),
        Pieces.Array[0, 40].Select(p => Encoding.UTF8.GetBytes(string.Concat(p))),
        OneOfValues(
            """{"id":"a","id":"b"}""",
            """{"id":"cst_1","wallets":[{"balance":"1e999999"}]}""",
            """{"id":"cst_1","wallets":[{"balance":1e400}]}""",
            """{"id":"cst_1","createdAt":"not a date"}""",
            """{"id":"cst_1","endorsements":[{"name":"usd","name":"basic"}]}""",
            """{"id":"cst_1","endorsements":{"a":1}}""",
            """{"id":"cst_1","metadata":{"a":1,"a":2}}""",
            """{"accessToken":"tok","expiresIn":1e400}""",
            """{"accessToken":"tok","expiresIn":10000000000000,"expiresAt":"0001-01-01T00:00:00Z"}""",
            """{"accessToken":"tok\r\n","expiresIn":30}""",
            """{"accessToken":"","expiresIn":30}""",
            """{"accessToken":"tok","expiresAt":"9999-12-31T23:59:59Z"}""",
            """{"error":{"code":{"deep":[1,2,3]},"message":["x"]}}""",
            """{"type":"t","title":null,"detail":{}}""",
            """{"data":[null,{"id":"cst_1"},7],"hasMore":"yes"}""",
            """{"data":[],"hasMore":true,"cursor":""}""").Select(s => Encoding.UTF8.GetBytes(s)),
        Gen.Byte.Array[1, 4].Select(bad => (byte[])[.. "{\"id\":\"cst_"u8, .. bad, .. "\"}"u8]));

    private static readonly Gen<(string, string)> Headers = Gen.OneOf(
        OneOfValues("", "0", "-1", "1.5", "1000000000000", "99999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "soon").Select(v => ("Retry-After", v)),
        OneOfValues("application/json", "application/json; charset=utf-16", "application/json; charset=bogus", "text/html", "", ";;;", "application/json; charset=\"", "application/json; charset=latin1", "application/json; charset=utf-32").Select(v => ("Content-Type", v)),
        OneOfValues("req_1", "req\u0001\u001b[31m\u007f", new string('r', 5000), " ", "\u0085\u2028").Select(v => ("X-Request-Id", v)),
        OneOfValues("http://127.0.0.1:1/elsewhere?secret=1", "::::", "", "/relative", "https://evil.example/").Select(v => ("Location", v)),
        OneOfValues("br", "deflate", "identity", "gzip, gzip", "bogus").Select(v => ("Content-Encoding", v)),
        OneOfValues("chunked", "gzip", "bogus").Select(v => ("Transfer-Encoding", v)),
        OneOfValues("abc", "-1", "99999999999999999999999", "1, 2").Select(v => ("Content-Length", v)));

    /// <summary>How the body's length is told: the truth, a lie (more or fewer bytes), not at all (the close ends it), or through gzip.</summary>
    private static readonly Gen<int> Framing = Gen.OneOf(Gen.Const(0), Gen.Const(0), Gen.Int[-50, 50], Gen.Const(int.MinValue), Gen.Const(int.MaxValue));

    private static readonly Gen<Answer> Answers = Gen.Select(Gen.Bool, Statuses, Headers.Array[0, 4], Bodies, Framing, OneOfValues("get", "create", "list"))
        .Select((atToken, status, headers, body, framing, operation) => new Answer(atToken, status, headers, body, framing, operation));

    [Fact]
    public async Task No_answer_makes_a_call_throw_anything_but_an_sdk_exception()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        await Answers.SampleAsync(async answer =>
        {
            var outcome = await RunAsync(answer);
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }, iter: 300, threads: 2, print: a => a.ToString());

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}={o.Value}")));
        Assert.True(outcomes.Keys.Count(k => k.StartsWith("Oms", StringComparison.Ordinal)) >= 4, "the generator should reach several kinds of SDK error");
    }

    private static async Task<string> RunAsync(Answer answer)
    {
        await using var server = new HostileHttpServer((request, stream, ct) =>
            request.Path.EndsWith("/auth/token", StringComparison.Ordinal) == answer.AtToken
                ? answer.WriteAsync(stream, ct)
                : request.Path.EndsWith("/auth/token", StringComparison.Ordinal)
                    ? HostileHttpServer.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(HostileHttpServer.TokenAnswer), ct)
                    : HostileHttpServer.WriteAsync(stream, answer.Operation == "create" ? 201 : 200, "OK", [("Content-Type", "application/json")], answer.Operation == "list" ? Encoding.UTF8.GetBytes(WireSamples.Page(false, null, "cst_1")) : Customer, ct));
        var options = new OmsClientOptions
        {
            ApiKey = "sk_sdbx_fuzz",
            ApiSecret = ApiSecret,
            BaseAddress = server.BaseAddress,
            Resilience = { MaxRetries = 1, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, AttemptTimeout = TimeSpan.FromSeconds(5), TotalTimeout = TimeSpan.FromSeconds(10) },
        };
        using var client = new OmsClient(options);
        try
        {
            switch (answer.Operation)
            {
                case "get":
                    await client.Customers.GetAsync("cst_1", TestContext.Current.CancellationToken);
                    break;
                case "create":
                    await client.Customers.CreateAsync(WireSamples.FullRequest(), cancellationToken: TestContext.Current.CancellationToken);
                    break;
                default:
                    await client.Customers.ListAsync(cancellationToken: TestContext.Current.CancellationToken);
                    break;
            }

            return "success";
        }
        catch (OmsException e)
        {
            Assert.DoesNotContain(ApiSecret, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(e.Message, c => c is '\r' or '\n' or '\u001b');
            return e.GetType().Name;
        }
    }

    internal sealed record Answer(bool AtToken, int Status, (string Name, string Value)[] Headers, byte[] Body, int Framing, string Operation)
    {
        public async Task WriteAsync(Stream stream, CancellationToken ct)
        {
            var headers = Headers.Where(h => h.Name != "Content-Length" || Framing == int.MaxValue).ToList();
            var body = Body;
            if (Framing == int.MaxValue)
            {
                // Gzip for real, announced as such, with the length of the compressed bytes.
                using var compressed = new MemoryStream();
                await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    await gzip.WriteAsync(Body, ct);
                }

                body = compressed.ToArray();
                headers.Add(("Content-Encoding", "gzip"));
                headers.Add(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
            }
            else if (Framing != int.MinValue)
            {
                headers.Add(("Content-Length", Math.Max(0, body.Length + Framing).ToString(CultureInfo.InvariantCulture)));
            }

            await HostileHttpServer.WriteAsync(stream, Status, "Fuzz", headers, body, ct, addLength: false);
        }

        public override string ToString() =>
            $"{(AtToken ? "token" : Operation)} {Status} [{string.Join("; ", Headers.Select(h => $"{h.Name}: {h.Value[..Math.Min(h.Value.Length, 40)]}"))}] framing {Framing} body {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 120)])}";
    }
}
