using System.Diagnostics;
using System.Globalization;
using System.Text;
using Oms.Sdk;
using Oms.Sdk.Webhooks;

// Native AOT smoke test of Oms.Sdk: create, get and list customers against an OMS (a FakeOmsServer in the tests),
// then sign a webhook delivery and verify it. One line per step on stdout; exit 0 when every step passed, 1 when a step
// failed (the reason on stderr), 2 for bad arguments.
// Settings: --base-address, --api-key, --api-secret, --webhook-secret, or OMS_BASE_ADDRESS, OMS_API_KEY,
// OMS_API_SECRET, OMS_WEBHOOK_SECRET.
var settings = SmokeSettings.Read(args);
if (settings.Problem is { } problem)
{
    Console.Error.WriteLine($"usage: Oms.Sdk.AotSmoke --base-address URL --api-key KEY --api-secret SECRET --webhook-secret WHSEC (or OMS_* variables): {problem}");
    return 2;
}

var step = "create";
try
{
    using var client = new OmsClient(new OmsClientOptions
    {
        BaseAddress = new Uri(settings.BaseAddress!),
        ApiKey = settings.ApiKey,
        ApiSecret = settings.ApiSecret,
    });
    var externalId = "aot-smoke-" + Guid.NewGuid().ToString("N");
    var created = await client.Customers.CreateAsync(new CreateCustomerRequest
    {
        FirstName = "Ada",
        LastName = "Smoke",
        Email = "ada.smoke@example.com",
        ExternalId = externalId,
        SignedAgreement = true,
        Metadata = new Dictionary<string, string> { ["source"] = "aot-smoke" },
    });
    var firstCall = DateTime.Now - Process.GetCurrentProcess().StartTime;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first-call-ms={firstCall.TotalMilliseconds:0}"));
    Console.WriteLine($"create: ok id={created.Id} externalId={created.ExternalId}");

    step = "get";
    var fetched = await client.Customers.GetAsync(created.Id);
    Check(fetched.Id == created.Id && fetched.ExternalId == externalId, $"got {fetched.Id} / {fetched.ExternalId}, expected {created.Id} / {externalId}");
    Console.WriteLine($"get: ok id={fetched.Id} status={fetched.Status}");

    step = "list-all";
    var count = 0;
    var found = false;
    await foreach (var customer in client.Customers.ListAllAsync(new ListCustomersOptions { Limit = 2 }))
    {
        count++;
        found |= customer.Id == created.Id;
    }

    Check(found, $"the created customer {created.Id} was not among the {count} listed");
    Console.WriteLine($"list-all: ok count={count}");

    step = "webhook";
    var type = VerifySelfSignedWebhook(settings.WebhookSecret!, created.Id);
    Console.WriteLine($"webhook: ok type={type}");
    Console.WriteLine("smoke: ok");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"smoke: FAILED at {step}: {e.GetType().Name}: {e.Message}");
    return 1;
}

static string VerifySelfSignedWebhook(string secret, string customerId)
{
    var body = Encoding.UTF8.GetBytes($$$"""
        {"type":"customer.endorsement.granted","timestamp":"2026-01-15T10:30:00Z","data":{"id":"{{{customerId}}}","object":"customer",
        "type":"individual","status":"active","endorsements":[{"name":"usd","status":"approved"}],
        "createdAt":"2026-01-15T10:00:00Z","updatedAt":"2026-01-15T10:30:00Z"}}
        """);
    var id = "msg_aot_smoke_" + Guid.NewGuid().ToString("N");
    var now = DateTimeOffset.UtcNow;
    var signature = new OmsWebhookSigner(secret).Sign(id, now, body);
    var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    Func<string, string?> headers = name => name switch
    {
        OmsWebhookVerifier.IdHeader => id,
        OmsWebhookVerifier.TimestampHeader => timestamp,
        OmsWebhookVerifier.SignatureHeader => signature,
        _ => null,
    };

    var verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = [secret] });
    var evt = verifier.VerifyAndParse(body, headers);
    Check(evt is CustomerEndorsementGrantedEvent { Customer.Id: var id2 } granted && id2 == customerId && granted.HeldEndorsements.Contains(Endorsement.Usd), $"parsed {evt}");

    body[^3] ^= 1;
    Check(!verifier.TryVerify(body, headers, out var failure) && failure == OmsWebhookVerificationFailure.NoMatchingSignature, $"a tampered body gave {failure}");
    return evt.Type;
}

static void Check(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidOperationException(message);
    }
}

/// <summary>The smoke test's settings, from arguments or OMS_* environment variables.</summary>
internal sealed record SmokeSettings(string? BaseAddress, string? ApiKey, string? ApiSecret, string? WebhookSecret, string? Problem)
{
    public static SmokeSettings Read(string[] args)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            named[args[i]] = args[i + 1];
        }

        string? Get(string option, string variable) => named.GetValueOrDefault(option) ?? Environment.GetEnvironmentVariable(variable);
        var settings = new SmokeSettings(
            Get("--base-address", "OMS_BASE_ADDRESS"),
            Get("--api-key", "OMS_API_KEY"),
            Get("--api-secret", "OMS_API_SECRET"),
            Get("--webhook-secret", "OMS_WEBHOOK_SECRET"),
            null);
        var missing = new[]
        {
            (settings.BaseAddress, "--base-address"), (settings.ApiKey, "--api-key"),
            (settings.ApiSecret, "--api-secret"), (settings.WebhookSecret, "--webhook-secret"),
        }.Where(s => string.IsNullOrEmpty(s.Item1)).Select(s => s.Item2).ToArray();
        return missing.Length > 0 || args.Length % 2 != 0
            ? settings with { Problem = missing.Length > 0 ? "missing " + string.Join(", ", missing) : "every option takes a value" }
            : settings;
    }

    public override string ToString() => $"SmokeSettings {{ BaseAddress = {BaseAddress} }}";
}
