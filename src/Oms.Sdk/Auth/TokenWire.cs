using Oms.Sdk.Diagnostics;

namespace Oms.Sdk.Auth;

/// <summary>The body of <c>POST /auth/token</c>.</summary>
internal sealed record TokenRequest(string ApiKey, string ApiSecret)
{
    public override string ToString() => $"{nameof(TokenRequest)} {{ ApiKey = {ApiKey}, ApiSecret = {Redacted.Text} }}";
}

/// <summary>The answer of <c>POST /auth/token</c>.</summary>
internal sealed record TokenResponse
{
    public string? AccessToken { get; init; }

    public string? TokenType { get; init; }

    /// <summary>Seconds, read as whatever JSON came (a number, a string, absent) and judged in <see cref="ApiKeyTokenSource.LifetimeOf"/>, so an odd one never fails the exchange.</summary>
    public System.Text.Json.JsonElement ExpiresIn { get; init; }

    /// <summary>An instant, read as whatever JSON came; used only when <see cref="ExpiresIn"/> is not usable.</summary>
    public System.Text.Json.JsonElement ExpiresAt { get; init; }

    public override string ToString() => $"{nameof(TokenResponse)} {{ AccessToken = {Redacted.Text}, ExpiresIn = {ExpiresIn.ValueKind} }}";
}
