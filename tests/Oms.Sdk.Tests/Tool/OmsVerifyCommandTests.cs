using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk.Tests.Tool;

/// <summary><c>oms verify</c> accepts a valid delivery and names each kind of fault, on deliveries signed here with the SDK's signer.</summary>
[Collection(typeof(OmsToolCollection))]
public sealed class OmsVerifyCommandTests(InstalledOmsTool oms) : IDisposable
{
    private const string Body = """{"type":"customer.endorsement.granted","timestamp":"2026-12-05T10:00:00Z","data":{"id":"cst_1","object":"customer","phone":"\u002B12125551234","endorsements":[{"name":"usd","status":"approved"}]}}""";
    private static readonly string Secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("oms-verify-test-");

    [Fact]
    public async Task A_valid_delivery_verifies_with_exit_code_0()
    {
        var run = await VerifyAsync(Headers(DateTimeOffset.UtcNow), Body);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"(?m)^valid: webhook-id msg_test, signed at \S+Z, event customer\.endorsement\.granted\.$", run.Output);
        Assert.DoesNotContain(Secret, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_named_no_secret_matches()
    {
        var run = await VerifyWithSecretAsync("whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(), Headers(DateTimeOffset.UtcNow), Body);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("invalid: no secret matches: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_re_serialized_body_is_named_body_altered()
    {
        var indented = JsonSerializer.Serialize(JsonDocument.Parse(Body).RootElement, new JsonSerializerOptions { WriteIndented = true });

        var run = await VerifyAsync(Headers(DateTimeOffset.UtcNow), indented);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("invalid: body altered: the JSON was re-serialized", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n", "a trailing newline was added")]
    [InlineData("\r\n", "a trailing newline was added")]
    public async Task A_newline_changed_body_is_named_body_altered(string added, string change)
    {
        var run = await VerifyAsync(Headers(DateTimeOffset.UtcNow), Body + added);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"invalid: body altered: {change} after signing", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_endings_changed_to_CRLF_are_named_body_altered()
    {
        const string multiLine = "{\n  \"type\": \"customer.endorsement.granted\",\n  \"data\": {}\n}";
        var run = await VerifyAsync(Headers(DateTimeOffset.UtcNow, multiLine), multiLine.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("invalid: body altered: line endings were changed from LF to CRLF", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_timestamp_is_named_out_of_tolerance_with_the_seconds_beyond_it()
    {
        var run = await VerifyAsync(Headers(DateTimeOffset.UtcNow.AddSeconds(-400)), Body);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"invalid: timestamp out of tolerance: signed 4\d\d s ago \(\S+\): 1\d\d s beyond the 300 s tolerance\. The signature itself matches", run.Output);
    }

    [Fact]
    public async Task A_timestamp_ahead_is_named_out_of_tolerance_and_a_wider_tolerance_accepts_it()
    {
        var headers = Headers(DateTimeOffset.UtcNow.AddSeconds(600));

        var run = await VerifyAsync(headers, Body);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"invalid: timestamp out of tolerance: signed \d+ s in the future", run.Output);

        var wider = await VerifyAsync(headers, Body, "--tolerance", "900");
        Assert.True(wider.ExitCode == 0, wider.ToString());
    }

    [Fact]
    public async Task A_missing_header_is_named_with_the_headers_present()
    {
        var headers = Headers(DateTimeOffset.UtcNow).Where(h => h.Key != "webhook-signature").ToDictionary();

        var run = await VerifyAsync(headers, Body);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("invalid: header missing: webhook-signature is missing or empty (headers present: content-type, webhook-id, webhook-timestamp)", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webhook-timestamp", "yesterday", "invalid: header malformed: webhook-timestamp is 'yesterday'")]
    [InlineData("webhook-signature", "v2,abc", "invalid: header malformed: webhook-signature ('v2,abc') holds no 'v1,")]
    public async Task A_malformed_header_is_named(string name, string value, string expected)
    {
        var headers = Headers(DateTimeOffset.UtcNow);
        headers[name] = value;

        var run = await VerifyAsync(headers, Body);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_headers_file_that_is_not_name_value_lines_or_a_missing_file_is_a_usage_error()
    {
        var headers = Path.Combine(_files.FullName, "bad-headers.txt");
        var body = Path.Combine(_files.FullName, "body.json");
        await File.WriteAllTextAsync(headers, "POST /webhooks HTTP/1.1\nwebhook-id: msg_1\nthis line has no colon\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(body, Body, TestContext.Current.CancellationToken);

        var bad = await oms.RunAsync(["verify", "--secret", Secret, "--headers", headers, "--body", body]);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("line 3 is not a header", bad.Output, StringComparison.Ordinal);

        var missing = await oms.RunAsync(["verify", "--secret", Secret, "--headers", Path.Combine(_files.FullName, "none.txt"), "--body", body]);
        Assert.True(missing.ExitCode == 2, missing.ToString());
    }

    public void Dispose() => _files.Delete(recursive: true);

    private static Dictionary<string, string> Headers(DateTimeOffset signedAt, string body = Body) => new()
    {
        ["content-type"] = "application/json",
        ["webhook-id"] = "msg_test",
        ["webhook-timestamp"] = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = new OmsWebhookSigner(Secret).Sign("msg_test", signedAt, Encoding.UTF8.GetBytes(body)),
    };

    private Task<Infrastructure.ProcessResult> VerifyAsync(IReadOnlyDictionary<string, string> headers, string body, params string[] more) =>
        VerifyWithSecretAsync(Secret, headers, body, more);

    private async Task<Infrastructure.ProcessResult> VerifyWithSecretAsync(string secret, IReadOnlyDictionary<string, string> headers, string body, params string[] more)
    {
        var headersFile = Path.Combine(_files.FullName, Guid.NewGuid().ToString("n") + ".headers");
        var bodyFile = Path.Combine(_files.FullName, Guid.NewGuid().ToString("n") + ".body");
        await File.WriteAllTextAsync(headersFile, string.Concat(headers.Select(h => $"{h.Key}: {h.Value}\n")), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(bodyFile, Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken);
        return await oms.RunAsync(["verify", "--secret", secret, "--headers", headersFile, "--body", bodyFile, .. more]);
    }
}
