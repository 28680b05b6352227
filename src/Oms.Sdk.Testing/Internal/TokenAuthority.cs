using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// The fake's tokens: issues random opaque tokens for the configured key and secret, which expire after the configured
/// lifetime on the fake's clock, and makes the bearer check of every endpoint but the token exchange. Thread-safe.
/// </summary>
internal sealed class TokenAuthority(string apiKey, string apiSecret, TimeSpan lifetime, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    /// <summary>A new token, or <see langword="null"/> when the key or secret is wrong.</summary>
    public (string AccessToken, DateTimeOffset ExpiresAt)? Issue(string key, string secret)
    {
        if (!(FixedTimeEquals(key, apiKey) & FixedTimeEquals(secret, apiSecret)))
        {
            return null;
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

        return (token, expiresAt);
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
