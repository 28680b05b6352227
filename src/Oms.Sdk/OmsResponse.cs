namespace Oms.Sdk;

/// <summary>A value from OMS with the details of the call that fetched it.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed record OmsResponse<T>
{
    /// <summary>The value.</summary>
    public required T Value { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public required System.Net.HttpStatusCode StatusCode { get; init; }

    /// <summary>The <c>Idempotency-Key</c> sent, for a create or an update.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The request id OMS sent back, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>How many HTTP attempts the call made.</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// The answer's headers: case-insensitive names, repeated values joined with <c>", "</c>, anything carrying the secret or
    /// the token redacted. Never <see langword="null"/>.
    /// </summary>
    public OmsResponseHeaders Headers { get; init => field = value ?? OmsResponseHeaders.Empty; } = OmsResponseHeaders.Empty;
}
