namespace Oms.Sdk.Polyfills;

/// <summary>
/// A cancellation source that fires after a delay measured by a <see cref="TimeProvider"/>, with one call on every
/// target: .NET 8+ has the constructor, .NET Framework gets it from Microsoft.Bcl.TimeProvider.
/// </summary>
internal static class OmsTimeProviderExtensions
{
    /// <summary>A source cancelled <paramref name="delay"/> after now on <paramref name="timeProvider"/>'s clock.</summary>
    public static CancellationTokenSource CancelAfter(TimeProvider timeProvider, TimeSpan delay) =>
#if NETFRAMEWORK
        timeProvider.CreateCancellationTokenSource(delay);
#else
        new(delay, timeProvider);
#endif
}
