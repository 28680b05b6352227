namespace Oms.Sdk;

/// <summary>The OMS base addresses: environment plus API version (a path segment).</summary>
/// <remarks>
/// Project ruling: the base address is an option and the default is sandbox <c>v0.9</c>. Newer OMS docs show
/// <c>v0.11</c> and <c>v0.13</c>; use <see cref="SandboxVersion"/> or <see cref="ProductionVersion"/> to target one.
/// </remarks>
public static class OmsEnvironment
{
    /// <summary>The API version the SDK is built against.</summary>
    public const string DefaultVersion = "v0.9";

    /// <summary>Sandbox, <c>https://sandbox-api.polygon.technology/v0.9</c>. Keys start <c>sk_sdbx_</c>.</summary>
    public static Uri Sandbox { get; } = SandboxVersion(DefaultVersion);

    /// <summary>Production, <c>https://api.polygon.technology/v0.9</c>. Keys start <c>sk_live_</c>.</summary>
    public static Uri Production { get; } = ProductionVersion(DefaultVersion);

    /// <summary>The sandbox base address for another API version.</summary>
    /// <param name="version">The version path segment, for example <c>v0.13</c>.</param>
    /// <returns>The base address.</returns>
    public static Uri SandboxVersion(string version) => Build("https://sandbox-api.polygon.technology/", version);

    /// <summary>The production base address for another API version.</summary>
    /// <param name="version">The version path segment, for example <c>v0.13</c>.</param>
    /// <returns>The base address.</returns>
    public static Uri ProductionVersion(string version) => Build("https://api.polygon.technology/", version);

    private static Uri Build(string host, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        if (version.Contains('/', StringComparison.Ordinal) || version.Contains('?', StringComparison.Ordinal) || version.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException("The version is one path segment, for example \"v0.9\".", nameof(version));
        }

        return new Uri(host + version);
    }
}
