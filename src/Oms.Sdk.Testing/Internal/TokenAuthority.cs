using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// <c>POST /auth/token</c> and the bearer check of every other endpoint: exchanges the configured key and secret for
/// random opaque tokens that expire after the configured lifetime on the fake's clock. Thread-safe.
/// </summary>
internal sealed class TokenAuthority(string apiKey, string apiSecret, TimeSpan lifetime, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public FakeOmsReply Issue(FakeOmsCall call)
    {
        string? key, secret;
        try
        {
            using var document = JsonDocument.Parse(call.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The body must be a JSON object {\"apiKey\", \"apiSecret\"}.");
            }

            key = root.TryGetProperty("apiKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            secret = root.TryGetProperty("apiSecret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "The body is not valid JSON.");
        }

        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return FakeOmsReply.Error(HttpStatusCode.BadRequest, ErrorCodes.BadRequest, "apiKey and apiSecret are required strings.");
        }

        if (!(FixedTimeEquals(key, apiKey) & FixedTimeEquals(secret, apiSecret)))
        {
            return FakeOmsReply.Error(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, "Invalid API key or secret.");
        }

        var now = timeProvider.GetUtcNow();
        var token = "fake_" + RandomText.Base62(40);
        var expiresAt = now + lifetime;
        lock (_gate)
        {
            // Forget long-expired tokens so a long test run does not grow the table (recently expired ones still get "Token expired").
            foreach (var expired in _expiries.Where(e => e.Value + lifetime <= now).Select(e => e.Key).ToList())
            {
                _expiries.Remove(expired);
            }

            _expiries[token] = expiresAt;
        }

        return FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Token(token, lifetime, expiresAt));
    }

    /// <summary>Returns <see langword="null"/> when the call carries a valid, unexpired bearer token, else the 401 to send.</summary>
    public FakeOmsReply? Refuse(FakeOmsCall call)
    {
        const string Scheme = "Bearer ";
        var header = call.Header("Authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return FakeOmsReply.Error(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, "Missing bearer token: send Authorization: Bearer <accessToken> from POST /auth/token.");
        }

        var token = header[Scheme.Length..].Trim();
        DateTimeOffset expiresAt;
        lock (_gate)
        {
            if (!_expiries.TryGetValue(token, out expiresAt))
            {
                return FakeOmsReply.Error(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, "Invalid bearer token.");
            }
        }

        return timeProvider.GetUtcNow() < expiresAt
            ? null
            : FakeOmsReply.Error(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, "Token expired.");
    }

    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
