using System.Net;

namespace Oms.Sdk.Http;

/// <summary>
/// The state of one logical SDK call, shared by every HTTP attempt it makes. It rides on the
/// request's options so the handlers inside the pipeline (auth, retry) can read and update it.
/// </summary>
internal sealed class OmsCallContext(string operation, string? idempotencyKey, TimeProvider timeProvider)
{
    public static readonly HttpRequestOptionsKey<OmsCallContext> Key = new("Oms.Sdk.Call");

    private int _attempts;

    public string Operation { get; } = operation;

    public string? IdempotencyKey { get; } = idempotencyKey;

    public long StartTimestamp { get; } = timeProvider.GetTimestamp();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int Attempts => Volatile.Read(ref _attempts);

    public HttpStatusCode? LastStatusCode { get; set; }

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

    public void OnAttempt() => Interlocked.Increment(ref _attempts);

    public static OmsCallContext? From(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var call) ? call : null;
}
