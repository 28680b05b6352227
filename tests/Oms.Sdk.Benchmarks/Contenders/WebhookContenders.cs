using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Oms.Sdk.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Oms.Sdk.Benchmarks.Contenders;

/// <summary>
/// One signed delivery and three ways to verify it: the SDK's <see cref="OmsWebhookVerifier"/>, the StandardWebhooks
/// package, and the floor (bare <see cref="HMACSHA256.HashData(byte[], byte[])"/> over the signed content).
/// </summary>
/// <remarks>
/// The secrets are OMS secrets (<c>whsec_</c> + 64 hex digits) and the delivery is signed with the <b>last</b> one, as
/// while a rotation is under way and OMS still signs with the old secret: every contender has to try each secret, so
/// with N secrets the floor computes N MACs. StandardWebhooks takes one key per instance, so it gets one instance per
/// secret (built from the hex-decoded key: its string constructor reads a secret as base64, which is not how OMS
/// signs) and a failed instance throws, as that library does. It is handed the body as the string it asks for,
/// decoded beforehand, which favours it.
/// </remarks>
public sealed class WebhookContenders
{
    private const string Id = "msg_2mTzFcvDNV6aKzQJ8HLp9v";

    private readonly byte[] _body;
    private readonly OmsWebhookVerifier _verifier;
    private readonly Func<string, string?> _headers;
    private readonly StandardWebhook[] _standard;
    private readonly string _payload;
    private readonly IHeaderDictionary _headerDictionary;
    private readonly byte[][] _floorKeys;
    private readonly byte[] _signedContent;
    private readonly byte[] _expectedMac;

    public WebhookContenders(int bodySize, int secretCount)
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, secretCount).Select(_ => { var key = new byte[32]; random.NextBytes(key); return key; }).ToArray();
        var secrets = keys.Select(key => "whsec_" + Convert.ToHexStringLower(key)).ToArray();

        _body = Body(bodySize);
        var timestamp = DateTimeOffset.UtcNow;
        var unixSeconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = new OmsWebhookSigner(secrets[^1]).Sign(Id, timestamp, _body);

        _verifier = new OmsWebhookVerifier(new OmsWebhookVerifierOptions { Secrets = secrets });
        _headers = name => name switch
        {
            OmsWebhookVerifier.IdHeader => Id,
            OmsWebhookVerifier.TimestampHeader => unixSeconds,
            OmsWebhookVerifier.SignatureHeader => signature,
            _ => null,
        };

        _standard = [.. keys.Select(key => new StandardWebhook(key))];
        _payload = Encoding.UTF8.GetString(_body);
        _headerDictionary = new HeaderDictionary
        {
            [OmsWebhookVerifier.IdHeader] = Id,
            [OmsWebhookVerifier.TimestampHeader] = unixSeconds,
            [OmsWebhookVerifier.SignatureHeader] = signature,
        };

        _floorKeys = keys;
        _signedContent = [.. Encoding.UTF8.GetBytes($"{Id}.{unixSeconds}."), .. _body];
        _expectedMac = Convert.FromBase64String(signature["v1,".Length..]);
    }

    public bool Sdk() => _verifier.TryVerify(_body, _headers, out _);

    public bool StandardWebhooks()
    {
        foreach (var webhook in _standard)
        {
            try
            {
                webhook.Verify(_payload, _headerDictionary);
                return true;
            }
            catch (WebhookVerificationException)
            {
                // Not this secret; try the next one.
            }
        }

        return false;
    }

    public bool Floor()
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var key in _floorKeys)
        {
            HMACSHA256.HashData(key, _signedContent, mac);
            if (CryptographicOperations.FixedTimeEquals(mac, _expectedMac))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks that all three accept the delivery, so no contender is timed on a shortcut.</summary>
    public void EnsureAllAccept()
    {
        if (!Sdk() || !StandardWebhooks() || !Floor())
        {
            throw new InvalidOperationException($"A contender rejected the delivery (SDK {Sdk()}, StandardWebhooks {StandardWebhooks()}, floor {Floor()}).");
        }
    }

    private static byte[] Body(int size)
    {
        const string head = """{"type":"customer.endorsement.granted","timestamp":"2026-01-15T10:30:00Z","data":{"pad":""";
        const string tail = "\"}}";
        return Encoding.UTF8.GetBytes(head + new string('x', size - head.Length - tail.Length) + tail);
    }
}
