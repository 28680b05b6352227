namespace Oms.Sdk.Testing;

/// <summary>
/// A request the fake received, as recorded in <see cref="FakeOmsServer.Requests"/>: every request is recorded,
/// whether it succeeded, failed or met an injected fault.
/// </summary>
/// <remarks>The fake keeps what your test sent, write-only PII included, in memory only; it never writes it anywhere.</remarks>
public sealed record FakeOmsRequest
{
    /// <summary>The HTTP method.</summary>
    public required HttpMethod Method { get; init; }

    /// <summary>
    /// The path below <see cref="FakeOmsServer.BaseAddress"/>, still escaped as sent: <c>/auth/token</c>,
    /// <c>/customers</c>, <c>/customers/cst_…</c>.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>The query string without the <c>?</c>, still escaped as sent; empty when there is none.</summary>
    public required string Query { get; init; }

    /// <summary>The request headers (several values of one header joined with <c>", "</c>). Names compare case-insensitively.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The body as UTF-8 text; empty when there is none.</summary>
    public required string Body { get; init; }

    /// <summary>When the request arrived, on the fake's clock.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The <c>Idempotency-Key</c> header, when sent.</summary>
    public string? IdempotencyKey => Headers.TryGetValue("Idempotency-Key", out var key) ? key : null;
}
