using System.Net;
using System.Text.Json;

namespace Oms.Sdk.Errors;

/// <summary>What went wrong, as an inner layer found it; <see cref="OmsExceptionFactory"/> turns it into the public exception.</summary>
internal enum OmsFailureKind
{
    /// <summary>A 3xx: the SDK never follows one.</summary>
    Redirected,

    /// <summary>A success body over <see cref="OmsClientOptions.MaxResponseBodySize"/>, declared or found while reading.</summary>
    TooLarge,

    /// <summary>A compressed body the decoder refused.</summary>
    Undecodable,

    /// <summary>A success whose <c>Content-Type</c> names a charset .NET cannot decode.</summary>
    UnreadableCharset,

    /// <summary>A success whose body is not the JSON expected.</summary>
    NotTheExpectedJson,

    /// <summary>A success whose body is JSON <c>null</c> or empty.</summary>
    NoValue,

    /// <summary>An error status, with what its body and headers said.</summary>
    ErrorAnswer,

    /// <summary>The token exchange was refused (the key or secret, or the environment).</summary>
    TokenRefused,

    /// <summary>The token exchange answered 404: nothing at <c>BaseAddress</c> is the OMS API.</summary>
    NoApiAtBaseAddress,

    /// <summary>The token exchange answered success without a token that can be sent.</summary>
    NoUsableToken,

    /// <summary>The caller's <see cref="IOmsTokenProvider"/> returned a token that cannot be sent, or failed.</summary>
    TokenProviderFailed,

    /// <summary>A page cursor OMS had already returned.</summary>
    RepeatedCursor,
}

/// <summary>
/// A failure raised by an inner layer (the response body handler, the token source, the engine's reading of an answer),
/// carrying the facts and none of the wording. It is never retried (transport failures stay
/// <see cref="HttpRequestException"/> for the retry rules) and never leaves a call: the engine hands it to
/// <see cref="OmsExceptionFactory"/>, the one place public exceptions and their messages are made.
/// </summary>
internal sealed class OmsFailure : Exception
{
    private OmsFailure(OmsFailureKind kind, string? operation, HttpStatusCode? status, Exception? inner = null)
        : base(kind.ToString(), inner)
    {
        Kind = kind;
        Operation = operation;
        Status = status;
    }

    public OmsFailureKind Kind { get; }

    /// <summary>The operation whose answer failed: the call's own, or the token exchange inside it; <see langword="null"/> when unknown.</summary>
    public string? Operation { get; }

    public HttpStatusCode? Status { get; }

    /// <summary>What an error answer said (<see cref="OmsFailureKind.ErrorAnswer"/>, <see cref="OmsFailureKind.TokenRefused"/>, <see cref="OmsFailureKind.NoApiAtBaseAddress"/>).</summary>
    public OmsErrorAnswer? Answer { get; private init; }

    /// <summary>Server text the message may show once sanitized and redacted: a content type, encodings, a JSON path.</summary>
    public string? ServerText { get; private init; }

    /// <summary>Text of the SDK's own making for the message: a redirect's hosts, a provider's type name, a cursor.</summary>
    public string? Detail { get; private init; }

    /// <summary>A second such text: the host a redirect came from, the address the exchange was sent to.</summary>
    public string? Detail2 { get; private init; }

    /// <summary>The limit of <see cref="OmsFailureKind.TooLarge"/>, or the body length of <see cref="OmsFailureKind.NotTheExpectedJson"/>.</summary>
    public long Size { get; private init; }

    /// <summary>The declared length of <see cref="OmsFailureKind.TooLarge"/>, if any.</summary>
    public long? Declared { get; private init; }

    /// <summary>The type that was expected (<see cref="OmsFailureKind.NotTheExpectedJson"/>, <see cref="OmsFailureKind.NoValue"/>).</summary>
    public Type? Expected { get; private init; }

    /// <summary>Where the JSON parser stopped, and whether the JSON was well-formed at all.</summary>
    public (long? Line, long? Byte, string? Path, bool Malformed) JsonPosition { get; private init; }

    public static OmsFailure Redirected(string? operation, HttpStatusCode status, string from, string to) =>
        new(OmsFailureKind.Redirected, operation, status) { Detail = to, Detail2 = from };

    public static OmsFailure TooLarge(string? operation, HttpStatusCode status, long limit, long? declared) =>
        new(OmsFailureKind.TooLarge, operation, status) { Size = limit, Declared = declared };

    public static OmsFailure Undecodable(string? operation, HttpStatusCode status, ICollection<string> encodings) =>
        new(OmsFailureKind.Undecodable, operation, status) { ServerText = encodings.Count > 0 ? string.Join(", ", encodings) : null };

    public static OmsFailure UnreadableCharset(string? operation, HttpStatusCode status, string contentType) =>
        new(OmsFailureKind.UnreadableCharset, operation, status) { ServerText = contentType };

    /// <summary>The parser's exception is not kept: its message quotes body text.</summary>
    public static OmsFailure NotTheExpectedJson(string? operation, HttpStatusCode status, string? contentType, int length, Type expected, JsonException error) =>
        new(OmsFailureKind.NotTheExpectedJson, operation, status)
        {
            ServerText = contentType,
            Size = length,
            Expected = expected,
            JsonPosition = (error.LineNumber, error.BytePositionInLine, error.Path, error.InnerException is not null),
        };

    public static OmsFailure NoValue(string operation, HttpStatusCode status, Type expected) => new(OmsFailureKind.NoValue, operation, status) { Expected = expected };

    public static OmsFailure ErrorAnswer(string operation, OmsErrorAnswer answer) => new(OmsFailureKind.ErrorAnswer, operation, answer.Status) { Answer = answer };

    public static OmsFailure TokenRefused(OmsErrorAnswer answer) => new(OmsFailureKind.TokenRefused, null, answer.Status) { Answer = answer };

    public static OmsFailure NoApiAtBaseAddress(OmsErrorAnswer answer, Uri baseAddress) =>
        new(OmsFailureKind.NoApiAtBaseAddress, null, answer.Status) { Answer = answer, Detail = baseAddress.ToString(), Detail2 = baseAddress.AbsolutePath.TrimEnd('/') };

    public static OmsFailure NoUsableToken(HttpStatusCode status) => new(OmsFailureKind.NoUsableToken, null, status);

    /// <summary>The provider's own exception, if any, is kept as the inner exception: it is the caller's code.</summary>
    public static OmsFailure TokenProviderFailed(Type provider, Exception? error) =>
        new(OmsFailureKind.TokenProviderFailed, null, null, error) { Detail = provider.Name };

    public static OmsFailure RepeatedCursor(string cursor, int pages) =>
        new(OmsFailureKind.RepeatedCursor, null, HttpStatusCode.OK) { ServerText = cursor, Size = pages };
}
