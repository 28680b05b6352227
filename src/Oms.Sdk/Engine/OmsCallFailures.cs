using System.Net;
using Oms.Sdk.Http;

namespace Oms.Sdk.Engine;

/// <summary>The messages of the failures the engine raises itself, and the call details every SDK exception carries.</summary>
internal static class OmsCallFailures
{
    /// <summary>Puts the call's operation, attempts, key and last status on <paramref name="exception"/> (what it does not say already).</summary>
    public static TException Stamp<TException>(TException exception, OmsCallContext call)
        where TException : OmsException
    {
        exception.Operation ??= call.Operation;
        exception.Attempts = call.Attempts;
        exception.IdempotencyKey ??= call.IdempotencyKey;
        exception.LastStatusCode ??= call.LastStatusCode;
        return exception;
    }

    public static string TimeoutMessage(OmsCallContext call, OmsResilienceOptions resilience) =>
        $"{call.Operation} ran out of time after {call.Attempts} attempt(s) and {call.Elapsed.TotalSeconds:0.###} s{LastStatus(call)}: " +
        (call.Elapsed >= call.TotalTimeout(resilience)
            ? $"the call exceeded {(call.RequestOptions?.Timeout is null ? "Resilience.TotalTimeout" : "its OmsRequestOptions.Timeout")} ({call.TotalTimeout(resilience).TotalSeconds:0.###} s). "
            : $"the last attempt exceeded Resilience.AttemptTimeout ({resilience.AttemptTimeout.TotalSeconds:0.###} s). ") +
        "Raise it if OMS is slow for you" + RetryAdvice(call);

    public static string ConnectionMessage(OmsCallContext call, HttpRequestException ex) =>
        $"{call.Operation} could not reach OMS after {call.Attempts} attempt(s){LastStatus(call)}: {ex.Message} Check BaseAddress and the network" + RetryAdvice(call);

    public static string BadBodyMessage(OmsCallContext call, HttpStatusCode status, string expected) =>
        $"OMS answered {call.Operation} with {(int)status} {status} but the body is not a valid {expected}. " +
        "Check that BaseAddress points at the OMS API (not a proxy or web page)" +
        (call.IdempotencyKey is { } key ? $"; the change may have been made: retry with Idempotency-Key {key} to get it without a duplicate." : ".") +
        " If OMS changed the shape of its answer, IOmsClient.SendAsync reads it as bytes meanwhile (docs/when-the-sdk-and-oms-disagree.md).";

    private static string RetryAdvice(OmsCallContext call) =>
        call.IdempotencyKey is { } key ? $"; retry with Idempotency-Key {key} to avoid a duplicate." : ".";

    private static string LastStatus(OmsCallContext call) =>
        call.LastStatusCode is { } status ? $" (last answer {(int)status} {status})" : string.Empty;
}
