using System.Text.Json.Serialization.Metadata;
using Oms.Sdk.Http;

namespace Oms.Sdk.Engine;

/// <summary>When an attempt of an operation may be sent again after it failed.</summary>
internal enum OmsReplay
{
    /// <summary>Always: the request changes nothing on the server (a GET).</summary>
    Always,

    /// <summary>
    /// Only with the call's <c>Idempotency-Key</c>, the same on every attempt, which lets OMS drop the duplicate (a POST
    /// or PATCH). The engine generates one for every call of such an operation, so a replay is never keyless.
    /// </summary>
    WithIdempotencyKey,

    /// <summary>Never by the retry pipeline (the token exchange, which runs inside an attempt that is retried as a whole).</summary>
    Never,
}

/// <summary>
/// What the call engine, the retry pipeline and the telemetry need to know about one OMS operation. One static instance
/// per operation (see <c>Customers/CustomerOperations.cs</c>): these read it, nothing switches over operation names or
/// HTTP methods.
/// </summary>
internal abstract class OmsOperation
{
    /// <summary>The operation's name in logs, metrics and exceptions, for example <c>customers.create</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The span name, for example <c>oms.customers.create</c>.</summary>
    public required string SpanName { get; init; }

    /// <summary>When a failed attempt may be sent again.</summary>
    public required OmsReplay Replay { get; init; }

    /// <summary>Whether every call sends an <c>Idempotency-Key</c> (the caller's or a generated UUID).</summary>
    public bool SendsIdempotencyKey => Replay == OmsReplay.WithIdempotencyKey;

    /// <summary>Whether an attempt of <paramref name="call"/> may be sent again.</summary>
    public bool MayReplay(OmsCallContext call) => Replay switch
    {
        OmsReplay.Always => true,
        OmsReplay.WithIdempotencyKey => call.IdempotencyKey is not null,
        _ => false,
    };
}

/// <summary>An operation taking <typeparamref name="TRequest"/> to <typeparamref name="TApi"/> and answering <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TApi">The Refit interface that holds its route.</typeparam>
/// <typeparam name="TRequest">What the client method hands the engine: the body, an id, or both.</typeparam>
/// <typeparam name="TWire">The settable wire type the answer is read into.</typeparam>
/// <typeparam name="TResult">The public type the wire type maps to.</typeparam>
internal sealed class OmsOperation<TApi, TRequest, TWire, TResult> : OmsOperation
{
    /// <summary>Sends one attempt's request through the Refit route (a static lambda: no allocation per call).</summary>
    public required Func<TApi, TRequest, OmsCallContext, CancellationToken, Task<HttpResponseMessage>> Send { get; init; }

    /// <summary>The source-generated type info the answer's body is read with (unused when <see cref="ReadRaw"/> is set).</summary>
    public required JsonTypeInfo<TWire>? ResponseType { get; init; }

    /// <summary>
    /// For a route the SDK does not model (<see cref="OmsRawOperation"/>): makes the result from the body's bytes and the
    /// response, in place of parsing it with <see cref="ResponseType"/> and <see cref="Map"/>.
    /// </summary>
    public Func<OmsResponseBody, HttpResponseMessage, OmsCallContext, TResult>? ReadRaw { get; init; }

    /// <summary>Maps the wire type to the public one.</summary>
    public required Func<TWire, TResult> Map { get; init; }

    /// <summary>The id of the resource the request is about (a path id), for the span; <see langword="null"/> when there is none.</summary>
    public Func<TRequest, string?>? SubjectOf { get; init; }

    /// <summary>The id of the resource the answer is about, for the span.</summary>
    public Func<TResult, string?>? SubjectOfResult { get; init; }

    /// <summary>
    /// Hands the request's write-only PII values to the call, so an error body that echoes them is redacted. PII never
    /// reaches a log, a span or a message: nothing else of the request is read by the engine.
    /// </summary>
    public Action<TRequest, OmsCallContext>? WriteOnlyPii { get; init; }

    /// <summary>
    /// What an error answer means for this operation, when it is not the plain <see cref="Errors.OmsFailureKind.ErrorAnswer"/>
    /// (the token exchange: a 5xx is a transport failure to retry, a 404 a wrong address, the rest a refused key).
    /// </summary>
    public Func<Errors.OmsErrorAnswer, Exception>? OnErrorAnswer { get; init; }
}
