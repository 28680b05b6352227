using System.Net;

namespace Oms.Sdk.Testing.Internal;

/// <summary>The fake's answer to one request, free of WireMock types: a status with a JSON body, or a dropped connection.</summary>
internal sealed record FakeOmsReply(HttpStatusCode Status, byte[] Body)
{
    /// <summary>An answer that is never sent: the connection is closed instead.</summary>
    public static readonly FakeOmsReply Dropped = new(HttpStatusCode.OK, []) { DropConnection = true };

    public bool DropConnection { get; init; }

    /// <summary>Extra headers, for example <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FakeOmsReply Json(HttpStatusCode status, byte[] body) => new(status, body);

    public static FakeOmsReply Error(HttpStatusCode status, string code, string message) => new(status, WireJson.Error(code, message));
}

/// <summary>The error codes the fake sends, in one place. OMS documents none; these follow the contract's examples.</summary>
internal static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string ValidationError = "validation_error";
    public const string Unauthorized = "unauthorized";
    public const string NotFound = "not_found";
    public const string IdempotencyConflict = "idempotency_conflict";
    public const string RateLimited = "rate_limited";
    public const string InjectedFault = "injected_fault";
}
