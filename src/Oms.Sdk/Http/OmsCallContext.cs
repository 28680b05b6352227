using System.Net;
using Oms.Sdk.Errors;

namespace Oms.Sdk.Http;

/// <summary>
/// The state of one logical SDK call, shared by every HTTP attempt it makes. It rides on the
/// request's options so the handlers inside the pipeline (auth, retry) can read and update it.
/// </summary>
internal sealed class OmsCallContext(string operation, string? idempotencyKey, TimeProvider timeProvider, string? secret = null)
{
    public static readonly HttpRequestOptionsKey<OmsCallContext> Key = new("Oms.Sdk.Call");

    // What an error body must never show: the client's secret, the tokens this call sent (the latest two: the one OMS
    // refused and its replacement), and a create's write-only PII. Fields rather than a list: a get or a list allocates nothing.
    private readonly string? _secret = secret;
    private string? _token;
    private string? _previousToken;
    private List<string>? _pii;
    private int _attempts;

    /// <summary>The call of an SDK operation: its descriptor decides whether an attempt may be replayed.</summary>
    public OmsCallContext(Engine.OmsOperation operation, string? idempotencyKey, TimeProvider timeProvider, string? secret)
        : this(operation.Name, idempotencyKey, timeProvider, secret) => Descriptor = operation;

    public string Operation { get; } = operation;

    /// <summary>The operation's descriptor: it decides whether an attempt may be replayed.</summary>
    public Engine.OmsOperation? Descriptor { get; }

    public string? IdempotencyKey { get; } = idempotencyKey;

    public long StartTimestamp { get; } = timeProvider.GetTimestamp();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int Attempts => Volatile.Read(ref _attempts);

    public HttpStatusCode? LastStatusCode { get; set; }

    /// <summary>The body of the latest answer, read by <see cref="OmsResponseBodyHandler"/> for the engine to parse in place.</summary>
    public OmsResponseBody Body { get; private set; }

    /// <summary>Keeps <paramref name="body"/> as the latest answer's, releasing the one it replaces (a retried attempt's).</summary>
    public void KeepBody(OmsResponseBody body)
    {
        ReleaseBody();
        Body = body;
    }

    /// <summary>Releases the body (its array back to the pool) once nothing reads it any more: the engine has read the answer.</summary>
    public void ReleaseBody()
    {
        var body = Body;
        Body = default;
        body.ReturnBuffer();
    }

    /// <summary>The caller's settings for this call (checked); <see langword="null"/> for none, the common case.</summary>
    public OmsRequestOptions? RequestOptions { get; init; }

    /// <summary>This call's total budget, retries included: the caller's <see cref="OmsRequestOptions.Timeout"/>, else the client's.</summary>
    public TimeSpan TotalTimeout(OmsResilienceOptions resilience) => RequestOptions?.Timeout ?? resilience.TotalTimeout;

    /// <summary>How many retries this call may make: the caller's <see cref="OmsRequestOptions.MaxRetries"/>, else the client's.</summary>
    public int MaxRetries(OmsResilienceOptions resilience) => RequestOptions?.MaxRetries ?? resilience.MaxRetries;

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

    public void OnAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Remembers the bearer token an attempt sent, so an error body that echoes it is redacted.</summary>
    public void SentToken(string token)
    {
        if (!string.Equals(token, _token, StringComparison.Ordinal))
        {
            _previousToken = _token;
            _token = token;
        }
    }

    /// <summary>Remembers a write-only PII value of this call, so an error body that echoes it is redacted.</summary>
    public void AddPii(string? value)
    {
        if (value is { Length: >= OmsRedactor.MinLength })
        {
            (_pii ??= []).Add(value);
        }
    }

    /// <summary>
    /// Replaces every secret, token and PII value of this call in <paramref name="text"/> (an error body OMS echoed it in,
    /// say), raw or encoded (see <see cref="OmsRedactor"/>).
    /// </summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (_pii is null)
        {
            // A get or a list: three values at most, and nothing allocated when none of them occurs.
            return OmsRedactor.Redact(text, new Secrets(_secret, _token, _previousToken));
        }

        List<string?> all = [_secret, _token, _previousToken, .. _pii];
        return OmsRedactor.Redact(text, all);
    }

    /// <summary>The three values every call has, as a list that lives on the stack until redaction needs it.</summary>
    private readonly struct Secrets(string? secret, string? token, string? previousToken) : IReadOnlyList<string?>
    {
        public int Count => 3;

        public string? this[int index] => index switch { 0 => secret, 1 => token, _ => previousToken };

        public IEnumerator<string?> GetEnumerator()
        {
            yield return secret;
            yield return token;
            yield return previousToken;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public static OmsCallContext? From(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var call) ? call : null;
}
