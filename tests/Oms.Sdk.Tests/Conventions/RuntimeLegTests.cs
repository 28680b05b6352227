using System.Runtime.InteropServices;

namespace Oms.Sdk.Tests.Conventions;

/// <summary>
/// The suite runs once per target, each on its own runtime: the net8.0 build is self-contained, so it runs on the .NET 8
/// runtime it carries, never rolled forward onto the machine's .NET 10.
/// </summary>
public sealed class RuntimeLegTests
{
    [Fact]
    public void Each_leg_runs_on_the_runtime_it_targets()
    {
#if NET10_0
        const string Expected = ".NET 10.";
#else
        const string Expected = ".NET 8.";
#endif
        Assert.StartsWith(Expected, RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
        Assert.Equal(Expected[5..^1], Environment.Version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
