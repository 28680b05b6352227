using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Oms.Sdk.Http;
using Oms.Sdk.Polyfills;

namespace Oms.Sdk.NetFramework.Tests;

/// <summary>
/// The .NET Framework stand-ins of src/Oms.Sdk/Polyfills, each doing what the .NET member it replaces does, and the
/// .NET Framework primary handler keeping the transport's promises.
/// </summary>
public sealed class ShimTests
{
    [Fact]
    public void DateOnly_formats_parses_compares_and_counts_days_as_the_framework_type_does()
    {
        var date = new DateOnly(1990, 5, 15);

        Assert.Equal("1990-05-15", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(date, DateOnly.ParseExact("1990-05-15", "yyyy-MM-dd"));
        Assert.False(DateOnly.TryParseExact("1990-02-30", "yyyy-MM-dd", out _));
        Assert.Equal(new DateOnly(1990, 6, 1), date.AddDays(17));
        Assert.Equal(new DateOnly(1992, 2, 29), new DateOnly(1992, 1, 31).AddMonths(1));
        Assert.True(date < date.AddDays(1) && date.AddDays(1) > date && date == DateOnly.FromDayNumber(date.DayNumber));
        Assert.Equal(DayOfWeek.Tuesday, date.DayOfWeek);
        Assert.Equal(date, DateOnly.FromDateTime(new DateTime(1990, 5, 15, 23, 59, 59)));
        Assert.Equal(0, DateOnly.MinValue.DayNumber);
    }

    [Fact]
    public async Task ReadOnlyMemoryContent_sends_exactly_the_bytes_of_its_slice()
    {
        var bytes = Encoding.UTF8.GetBytes("xx{\"a\":1}yy");
        using var content = new ReadOnlyMemoryContent(bytes.AsMemory(2, bytes.Length - 4));

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync()));
        Assert.Equal(7, content.Headers.ContentLength);
    }

    [Fact]
    public void An_HttpRequestException_carries_its_status_and_error_on_NET_Framework_too()
    {
        var exception = OmsHttpRequestExceptions.Create("gone", null, HttpStatusCode.ServiceUnavailable, HttpRequestError.ResponseEnded);
        var plain = new HttpRequestException("plain");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Equal(HttpRequestError.ResponseEnded, exception.HttpRequestError);
        Assert.Null(plain.StatusCode);
        Assert.Equal(HttpRequestError.Unknown, plain.HttpRequestError);
    }

    [Fact]
    public async Task Task_Delay_on_a_TimeProvider_waits_for_that_clock()
    {
        var clock = new FakeTimeProvider();
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await delay;
        using var cancelAfter = OmsTimeProviderExtensions.CancelAfter(clock, TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(cancelAfter.IsCancellationRequested);
    }

    [Fact]
    public void Span_ContainsAny_and_runes_and_TimeSpan_division_do_what_NET_does()
    {
        Assert.True("cst_01H9".AsSpan().ContainsAny("0123456789_%".AsSpan()));
        Assert.False("customers".AsSpan().ContainsAny(":@".AsSpan()));
        Assert.Equal(new[] { 0x61, 0x1F600, 0xFFFD }, "a\U0001F600\uD800".EnumerateRunes().Select(r => r.Value).ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(750), TimeSpan.FromSeconds(1.5) / 2.0);
        Assert.True(Ascii.IsValid("plain"u8) && !Ascii.IsValid("caf\u00e9"u8.ToArray()));
        Assert.True(Ascii.EqualsIgnoreCase("Bearer"u8, "bEARER".AsSpan()));
        Assert.Equal(OmsHttpStatus.TooManyRequests, (HttpStatusCode)429);
    }

    [Fact]
    public async Task A_stream_awaited_with_ConfigureAwait_is_disposed()
    {
        var stream = new MemoryStream([1, 2, 3]);
        await using (stream.ConfigureAwait(false))
        {
            Assert.True(stream.CanRead);
        }

        Assert.False(stream.CanRead);
    }

    [Fact]
    public void The_NET_Framework_primary_handler_refuses_redirects_decompresses_and_does_not_cap_connections()
    {
        using var handler = OmsPrimaryHandler.Create(new OmsClientOptions { ApiKey = "sk_sdbx_k", ApiSecret = "s", BaseAddress = new Uri("http://127.0.0.1:1/v0.9") });

        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(DecompressionMethods.GZip | DecompressionMethods.Deflate, handler.AutomaticDecompression);
        Assert.Equal(int.MaxValue, handler.MaxConnectionsPerServer);
        Assert.False(handler.UseCookies);
    }

    [Fact]
    public void Headers_NonValidated_and_request_Options_read_what_was_written()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
        request.Headers.TryAddWithoutValidation("X-Request-Id", ["req_1", "req_2"]);
        var key = new HttpRequestOptionsKey<string>("oms.call");
        request.Options.Set(key, "customers.get");

        Assert.True(request.Headers.NonValidated.TryGetValues("x-request-id", out var values));
        Assert.Equal("req_1, req_2", values.ToString());
        Assert.Equal(2, values.Count);
        Assert.False(request.Headers.NonValidated.TryGetValues("Retry-After", out _));
        Assert.True(request.Options.TryGetValue(key, out var stored) && stored == "customers.get");
        Assert.False(request.Options.TryGetValue(new HttpRequestOptionsKey<int>("oms.call"), out _));
    }

    [Fact]
    public void The_HMAC_span_members_give_the_array_members_result()
    {
        var key = Encoding.UTF8.GetBytes("key");
        var body = Encoding.UTF8.GetBytes("msg_1.1614265330.{}");
        var expected = new HMACSHA256(key).ComputeHash(body);
        using var incremental = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        incremental.AppendData(body.AsSpan());
        var destination = new byte[HMACSHA256.HashSizeInBytes];

        Assert.Equal(expected, HMACSHA256.HashData(key.AsSpan(), body.AsSpan()));
        Assert.True(incremental.TryGetHashAndReset(destination, out var written) && written == 32);
        Assert.Equal(expected, destination);
        Assert.False(incremental.TryGetHashAndReset(new byte[16], out _));
    }

    [Fact]
    public void SearchValues_finds_the_first_character_of_its_set()
    {
        var values = SearchValues.Create("?#\\");

        Assert.Equal(3, "abc?d#".AsSpan().IndexOfAny(values));
        Assert.Equal(-1, "abcd".AsSpan().IndexOfAny(values));
        Assert.True(values.Contains('#') && !values.Contains('a'));
    }

    [Fact]
    public void Ascii_compares_bytes_with_bytes_and_chars_ignoring_case_and_tells_ascii_from_the_rest()
    {
        Assert.True(Ascii.EqualsIgnoreCase("content-TYPE"u8, "Content-Type"u8));
        Assert.False(Ascii.EqualsIgnoreCase("content-type"u8, "content-typ"u8));
        Assert.False(Ascii.EqualsIgnoreCase("a"u8, "b"u8));
        Assert.False(Ascii.EqualsIgnoreCase("@"u8, "`"u8)); // 0x40 and 0x60 differ by the case bit but are not letters
        Assert.False(Ascii.EqualsIgnoreCase("Bearer"u8, "Bearer!".AsSpan()));
        Assert.True(Ascii.IsValid(""u8));
        Assert.False(Ascii.IsValid(new byte[] { 0x41, 0x80 }));
    }

    [Theory]
    [InlineData("\"1990-05-15\"", 1990, 5, 15)]
    [InlineData("\"2000-02-29\"", 2000, 2, 29)]
    public void A_date_reads_and_writes_as_yyyy_MM_dd_as_the_framework_type_does(string json, int year, int month, int day)
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new DateOnlyJsonConverter() } };

        var date = System.Text.Json.JsonSerializer.Deserialize<DateOnly>(json, options);

        Assert.Equal(new DateOnly(year, month, day), date);
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(date, options));
    }

    [Theory]
    [InlineData("\"1990-5-15\"")]
    [InlineData("\"1990-02-30\"")]
    [InlineData("\"15/05/1990\"")]
    [InlineData("19900515")]
    [InlineData("null")]
    public void A_date_in_any_other_form_is_a_JsonException_naming_the_form(string json)
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new DateOnlyJsonConverter() } };

        var error = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<DateOnly>(json, options));

        Assert.Contains("yyyy-MM-dd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedRegexes_builds_each_method_s_regex_once_from_its_attribute()
    {
        var first = GeneratedRegexes.For(typeof(ShimTests), nameof(Digits));

        Assert.Same(first, GeneratedRegexes.For(typeof(ShimTests), nameof(Digits)));
        Assert.True(first.IsMatch("ABC123") && !first.IsMatch("abc"));
        Assert.True((first.Options & System.Text.RegularExpressions.RegexOptions.IgnoreCase) != 0);
        Assert.Contains("has no [GeneratedRegex]", Assert.Throws<InvalidOperationException>(() => GeneratedRegexes.For(typeof(ShimTests), nameof(NotARegex))).Message, StringComparison.Ordinal);
        Assert.Contains("has no static method", Assert.Throws<InvalidOperationException>(() => GeneratedRegexes.For(typeof(ShimTests), "Missing")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_BCL_members_of_later_NET_do_what_they_do_there()
    {
        Assert.Equal(0x7FFFFFC7, Array.MaxLength); // .NET's value
        Assert.Empty(System.Collections.ObjectModel.ReadOnlyCollection<string>.Empty);
        Assert.Same(System.Collections.ObjectModel.ReadOnlyCollection<string>.Empty, System.Collections.ObjectModel.ReadOnlyCollection<string>.Empty);
        Assert.Equal(-42L, long.Parse("x-42".AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture));
        Assert.Throws<FormatException>(() => long.Parse("4x".AsSpan(), NumberStyles.Integer, CultureInfo.InvariantCulture));
        Assert.True(DateTimeOffset.TryParseExact("Wed, 21 Oct 2015 07:28:00 GMT".AsSpan(), ["r"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date));
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), date);
        Assert.False(DateTimeOffset.TryParseExact("soon".AsSpan(), ["r"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        Assert.True(double.IsFinite(1e308) && !double.IsFinite(double.PositiveInfinity) && !double.IsFinite(double.NaN));
        Assert.Equal(7, await ValueTask.FromResult(7));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]+[0-9]+$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static System.Text.RegularExpressions.Regex Digits() => GeneratedRegexes.For(typeof(ShimTests), nameof(Digits));

    private static int NotARegex() => 0;
}
