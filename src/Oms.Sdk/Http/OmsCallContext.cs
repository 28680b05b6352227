using System.Net;

namespace Oms.Sdk.Http;

/// <summary>
/// The state of one logical SDK call, shared by every HTTP attempt it makes. It rides on the
/// request's options so the handlers inside the pipeline (auth, retry) can read and update it.
/// </summary>
internal sealed class OmsCallContext(string operation, string? idempotencyKey, TimeProvider timeProvider)
{
    public static readonly HttpRequestOptionsKey<OmsCallContext> Key = new("Oms.Sdk.Call");

    private const int MinRedactedLength = 3;

    private readonly List<string> _sensitive = [];
    private int _attempts;

    public string Operation { get; } = operation;

    public string? IdempotencyKey { get; } = idempotencyKey;

    public long StartTimestamp { get; } = timeProvider.GetTimestamp();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public int Attempts => Volatile.Read(ref _attempts);

    public HttpStatusCode? LastStatusCode { get; set; }

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(StartTimestamp);

    public void OnAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Remembers a secret or PII value of this call, so an error body that echoes it is redacted.</summary>
    public void AddSensitive(string? value)
    {
        if (value is { Length: >= MinRedactedLength })
        {
            lock (_sensitive)
            {
                _sensitive.Add(value);
            }
        }
    }

    /// <summary>Replaces every remembered secret or PII value in <paramref name="text"/> (an error body OMS echoed it in, say).</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        lock (_sensitive)
        {
            foreach (var value in _sensitive)
            {
                text = text.Replace(value, Redacted.Text, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }

    public static OmsCallContext? From(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var call) ? call : null;
}
