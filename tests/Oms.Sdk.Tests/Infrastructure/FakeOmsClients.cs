using Oms.Sdk.Testing;

namespace Oms.Sdk.Tests.Infrastructure;

/// <summary>Clients of a <see cref="FakeOmsServer"/> for tests: retries do not wait.</summary>
internal static class FakeOmsClients
{
    public static OmsClient For(FakeOmsServer oms, Action<OmsClientOptions>? configure = null)
    {
        var options = oms.CreateClientOptions();
        options.Resilience.BaseDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new OmsClient(options);
    }
}
