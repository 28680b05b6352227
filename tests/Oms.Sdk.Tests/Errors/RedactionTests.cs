using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Oms.Sdk.Diagnostics;
using Oms.Sdk.Errors;
using Oms.Sdk.Tests.Diagnostics;
using Oms.Sdk.Tests.Infrastructure;
using WireMock.RequestBuilders;

namespace Oms.Sdk.Tests.Errors;

/// <summary>
/// The API secret, the bearer token and write-only PII are removed from what OMS echoes back, whatever the encoding:
/// raw, JSON-escaped (any character as <c>\uXXXX</c> in either case of hex, or only the specials, <c>\/</c>), percent-
/// encoded in either case, HTML character references. Checked in the exception's message, <c>ToString()</c>, kept
/// body, parsed message and request id, in every log record and on every span.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class RedactionTests : IDisposable
{
    private const string ApiSecret = "sec+Top<Secret>/api=9f";
    private const string Token = "tok+Bearer/<Secret>=3c";
    private const string BirthDate = "1987-06-05";
    private const string Street = "12 Rue de l'Été+<B>";
    private const string Ip = "198.51.100.77";
    private const string Ssn = "078-05-1120";

    private readonly OmsWireMock _oms = new();
    private readonly TelemetryCapture _capture = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public enum Kind
    {
        ApiSecret,
        BearerToken,
        Pii,
    }

    public enum Form
    {
        Raw,
        JsonEveryCharLowerHex,
        JsonEveryCharUpperHex,
        JsonSpecialsMixedCase,
        PercentUpper,
        PercentLower,
        PercentPlusForSpace,
        HtmlReferences,
    }

    public static TheoryData<Kind, Form> Cases()
    {
        var data = new TheoryData<Kind, Form>();
        foreach (var kind in Enum.GetValues<Kind>())
        {
            foreach (var form in Enum.GetValues<Form>())
            {
                data.Add(kind, form);
            }
        }

        return data;
    }

    public void Dispose()
    {
        _capture.Dispose();
        _oms.Dispose();
    }

    internal static string Encode(string value, Form form) => form switch
    {
        Form.Raw => value,
        Form.JsonEveryCharLowerHex => string.Concat(value.Select(c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture))),
        Form.JsonEveryCharUpperHex => string.Concat(value.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture))),
        Form.JsonSpecialsMixedCase => string.Concat(value.Select((c, i) => c switch
        {
            '+' => "\\u002B",
            '<' => "\\u003c",
            '>' => "\\u003E",
            '/' => "\\/",
            '\'' => "\\u0027",
            > '~' => "\\u" + ((int)c).ToString(i % 2 == 0 ? "x4" : "X4", CultureInfo.InvariantCulture),
            _ => c.ToString(),
        })),
        Form.PercentUpper => string.Concat(Encoding.UTF8.GetBytes(value).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))),
        Form.PercentLower => PercentEscape().Replace(Uri.EscapeDataString(value), m => m.Value.ToLowerInvariant()),
        Form.PercentPlusForSpace => WebUtility.UrlEncode(value),
        Form.HtmlReferences => string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : "&#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";")),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    [GeneratedRegex("%[0-9A-F]{2}")]
    private static partial Regex PercentEscape();
#if NETFRAMEWORK

    // No regex source generator on .NET Framework: the SDK's stand-in builds it from the attribute above.
    private static partial Regex PercentEscape() => GeneratedRegexes.For(typeof(RedactionTests), nameof(PercentEscape));
#endif

    /// <summary>The text with every encoding the test uses undone, to prove no form of the secret survived.</summary>
    private static string Decoded(string text)
    {
        var json = Regex.Replace(text, @"\\[uU]([0-9a-fA-F]{4})", m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()).Replace("\\/", "/", StringComparison.Ordinal);
        return WebUtility.HtmlDecode(Uri.UnescapeDataString(json));
    }

    private static string EchoBody(IEnumerable<string> values, Form form)
    {
        var echoes = values.Select(v => Encode(v, form)).ToList();
        // The JSON-escaped forms go into JSON strings as they are; the others are text inside a JSON string too.
        var escaped = form is Form.Raw or Form.PercentUpper or Form.PercentLower or Form.PercentPlusForSpace or Form.HtmlReferences
            ? echoes.Select(e => e.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).ToList()
            : echoes;
        return $$"""{"error":{"code":"rejected {{escaped[0]}}","message":"You sent {{string.Join(" and ", escaped)}}"},"echo":[{{string.Join(",", escaped.Select(e => "\"" + e + "\""))}}]}""";
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_secret_is_redacted_in_each_encoding_everywhere_it_could_surface(Kind kind, Form form)
    {
        var secrets = kind switch
        {
            Kind.ApiSecret => new[] { ApiSecret },
            Kind.BearerToken => [Token],
            _ => [BirthDate, Street, Ip, Ssn],
        };
        var body = EchoBody(secrets, form);
        var header = form is Form.PercentUpper or Form.PercentLower or Form.PercentPlusForSpace ? Encode(secrets[0], form) : "req_plain";
        _oms.Server.ResetMappings();
        if (kind == Kind.ApiSecret)
        {
            _oms.Server.Given(Request.Create().WithPath("/v0.9/auth/token").UsingPost())
                .RespondWith(OmsWireMock.Json(HttpStatusCode.BadRequest, body).WithHeader("X-Request-Id", header));
        }
        else
        {
            _oms.GivenToken(token: Token);
            var status = kind == Kind.BearerToken ? HttpStatusCode.Forbidden : HttpStatus.UnprocessableEntity;
            _oms.Server.Given(Request.Create().WithPath("/v0.9/customers*").UsingAnyMethod())
                .RespondWith(OmsWireMock.Json(status, body).WithHeader("X-Request-Id", header));
        }

        using var client = _oms.Client(o =>
        {
            o.ApiSecret = ApiSecret;
            o.LoggerFactory = _capture.LoggerFactory;
        });
        var request = new CreateCustomerRequest
        {
            Email = "e@example.com",
            BirthDate = DateOnly.FromDateTime(DateTime.Parse(BirthDate, CultureInfo.InvariantCulture)),
            IpAddress = Ip,
            ResidentialAddress = new ResidentialAddress { Line1 = Street, City = "Paris", Country = "FR" },
            IdentifyingInformation = [new IdentifyingDocument { Type = IdentifyingDocumentType.Ssn, IssuingCountry = "US", Number = Ssn }],
        };

        var error = await Assert.ThrowsAnyAsync<OmsApiException>(() => kind == Kind.Pii
            ? client.Customers.CreateAsync(request, cancellationToken: _ct)
            : client.Customers.GetAsync("cst_1", _ct));

        Assert.Contains(Redacted.Text, error.RawBody, StringComparison.Ordinal);
        var texts = new List<string> { error.Message, error.ToString(), error.RawBody ?? "", error.ErrorMessage ?? "", error.ErrorCode ?? "", error.RequestId ?? "" };
        texts.AddRange(_capture.AllText());
        Assert.NotEmpty(_capture.LogRecords);
        Assert.NotEmpty(_capture.Spans);
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Encode(secret, form), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, Decoded(text), StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task A_token_echoed_in_the_request_id_of_a_success_is_redacted_from_the_response_and_the_span()
    {
        _oms.Server.ResetMappings();
        _oms.GivenToken(token: Token);
        _oms.Server.Given(Request.Create().WithPath("/v0.9/customers").UsingPost())
            .RespondWith(OmsWireMock.Json(HttpStatusCode.Created, WireSamples.Customer("cst_1")).WithHeader("X-Request-Id", "req_" + Uri.EscapeDataString(Token)));
        using var client = _oms.Client(o => o.LoggerFactory = _capture.LoggerFactory);

        var response = await client.Customers.CreateWithResponseAsync(new CreateCustomerRequest(), cancellationToken: _ct);

        Assert.Equal("req_" + Redacted.Text, response.RequestId);
        Assert.All(_capture.AllText(), text => Assert.DoesNotContain(Token, Decoded(text), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc", "xx abc yy", "xx [redacted] yy")]
    [InlineData("a+b", "x \\u0061\\u002B\\u0062 y", "x [redacted] y")]
    [InlineData("a+b", "x \\u0061\\u002b\\u0062 y", "x [redacted] y")]
    [InlineData("a/b", "x a\\/b y", "x [redacted] y")]
    [InlineData("a+b", "x a%2Bb y", "x [redacted] y")]
    [InlineData("a+b", "x a%2bb y", "x [redacted] y")]
    [InlineData("a b", "x a+b y", "x [redacted] y")]
    [InlineData("Été", "x %C3%89t%c3%a9 y", "x [redacted] y")]
    [InlineData("a<b", "x a&lt;b a&#60;b a&#x3C;b y", "x [redacted] [redacted] [redacted] y")]
    [InlineData("abc", "ABC abd", "[redacted] abd")]
    [InlineData("ab", "ab", "ab")]
    public void The_redactor_matches_each_secret_in_a_decoded_view_and_keeps_the_rest_as_sent(string secret, string text, string expected) =>
        Assert.Equal(expected, OmsRedactor.Redact(text, new[] { secret }));
}
