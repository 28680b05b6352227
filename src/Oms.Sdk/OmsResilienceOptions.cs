using System.Text;

namespace Oms.Sdk;

/// <summary>Retry and timeout settings, applied by the one resilience pipeline every <see cref="OmsClient"/> runs.</summary>
public sealed record OmsResilienceOptions
{
    /// <summary>How many times a failed attempt may be retried (0 turns retries off). Default 3; at most 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially with jitter. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one HTTP attempt may take before it is abandoned (and retried). Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one logical call may take, retries and waits included. Default 60 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
