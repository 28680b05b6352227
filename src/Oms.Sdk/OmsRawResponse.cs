using System.Net;

namespace Oms.Sdk;

/// <summary>
/// The answer of <c>IOmsClient.SendAsync</c>: a 2xx from OMS, its headers and its body as sent (bounded by
/// <see cref="OmsClientOptions.MaxResponseBodySize"/>). A non-2xx answer is thrown as the typed exception instead.
/// </summary>
public sealed class OmsRawResponse
{
    /// <summary>The HTTP status (2xx).</summary>
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>The answer's headers; secrets and the token redacted.</summary>
    public OmsResponseHeaders Headers { get; init; } = OmsResponseHeaders.Empty;

    /// <summary>The body's bytes, as OMS sent them (after decompression); empty for none.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The request id OMS sent back (<c>X-Request-Id</c>, <c>Request-Id</c> or <c>X-Correlation-Id</c>), if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>The <c>Idempotency-Key</c> sent, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>How many HTTP attempts the call made.</summary>
    public int Attempts { get; init; }
}
