using System.Net;
using System.Text.Json;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing.Endpoints;

/// <summary><c>POST /auth/token</c>: exchanges the configured API key and secret for a bearer token.</summary>
internal sealed class TokenEndpoint(TokenAuthority tokens) : IFakeOmsEndpoint
{
    public FakeOmsReply Handle(FakeOmsCall call)
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

        return tokens.Issue(key, secret) is { } token
            ? FakeOmsReply.Json(HttpStatusCode.OK, WireJson.Token(token.AccessToken, tokens.Lifetime, token.ExpiresAt))
            : FakeOmsReply.Error(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, "Invalid API key or secret.");
    }
}
