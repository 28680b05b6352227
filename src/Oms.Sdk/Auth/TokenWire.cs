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

    public long? ExpiresIn { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() => $"{nameof(TokenResponse)} {{ AccessToken = {Redacted.Text}, ExpiresAt = {ExpiresAt} }}";
}
