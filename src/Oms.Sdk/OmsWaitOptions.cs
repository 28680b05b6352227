using Oms.Sdk.Resilience;

namespace Oms.Sdk;

/// <summary>
/// How <see cref="ICustomersClient.WaitForEndorsementAsync"/> polls: the first interval, how it grows, its cap, and how long
/// the whole wait may take. Each interval is jittered (drawn between 80 % and 100 % of its nominal value), so that many
/// waiters started together do not poll in step.
/// </summary>
/// <remarks>
/// The wait reads time from the client's clock, <see cref="OmsClientOptions.TimeProvider"/>: a test that gives the client a
/// <c>FakeTimeProvider</c> drives the wait's intervals and timeout with it, without sleeping.
/// </remarks>
/// <example><code>
/// var customer = await client.Customers.WaitForEndorsementAsync(customerId, Endorsement.Usd,
///     new OmsWaitOptions { FirstInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMinutes(2) });
/// </code></example>
public sealed record OmsWaitOptions
{
    /// <summary>The default of <see cref="Timeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The nominal wait after the first poll. Default 2 s; more than zero.</summary>
    public TimeSpan FirstInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What each nominal interval is multiplied by for the next one. Default 1.5; at least 1 (1 polls at a steady rate).</summary>
    public double Growth { get; init; } = 1.5;

    /// <summary>The longest nominal interval. Default 30 s; at least <see cref="FirstInterval"/>.</summary>
    public TimeSpan MaximumInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the whole wait may take, polls and waits included; then it ends with <see cref="OmsTimeoutException"/>.
    /// Default <see cref="DefaultTimeout"/> (10 minutes); more than zero, at most a day.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    internal void Validate()
    {
        if (FirstInterval <= TimeSpan.Zero || FirstInterval > RetryAfter.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstInterval), FirstInterval, "OmsWaitOptions.FirstInterval must be more than zero and at most a day.");
        }

        if (!double.IsFinite(Growth) || Growth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Growth), Growth, "OmsWaitOptions.Growth must be a finite number of at least 1 (1 polls at a steady rate).");
        }

        if (MaximumInterval < FirstInterval || MaximumInterval > RetryAfter.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumInterval), MaximumInterval, "OmsWaitOptions.MaximumInterval must be at least FirstInterval and at most a day.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > RetryAfter.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "OmsWaitOptions.Timeout must be more than zero and at most a day.");
        }
    }
}
