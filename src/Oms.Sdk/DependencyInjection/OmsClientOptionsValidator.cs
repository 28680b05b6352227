using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Oms.Sdk.DependencyInjection;

/// <summary>
/// Validates <see cref="OmsClientOptions"/>: at host start-up with DI, at construction without. Messages name the
/// setting and never print a secret.
/// </summary>
internal sealed partial class OmsClientOptionsValidator : IValidateOptions<OmsClientOptions>
{
    private const string SandboxHost = "sandbox-api.polygon.technology";
    private const string ProductionHost = "api.polygon.technology";
    private const string SandboxKeyPrefix = "sk_sdbx_";
    private const string LiveKeyPrefix = "sk_live_";

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    private const long MinResponseBodySize = 16 * 1024;
    private const long MaxResponseBodySize = 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, OmsClientOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(OmsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options).ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid OmsClientOptions: " + string.Join(" ", failures), nameof(options));
        }
    }

    internal static IEnumerable<string> Failures(OmsClientOptions options)
    {
        if (options.BaseAddress is not { IsAbsoluteUri: true } address)
        {
            yield return "OmsClientOptions.BaseAddress must be an absolute URI such as OmsEnvironment.Sandbox (https://sandbox-api.polygon.technology/v0.9).";
        }
        else if (!(address.Scheme == Uri.UriSchemeHttps || (address.Scheme == Uri.UriSchemeHttp && IsLoopback(address))))
        {
            yield return "OmsClientOptions.BaseAddress must use https (plain http is allowed only for a loopback host such as a local fake OMS).";
        }
        else if (!string.IsNullOrEmpty(address.UserInfo) || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
        {
            yield return "OmsClientOptions.BaseAddress must not carry user info, a query or a fragment: give the environment and version only.";
        }

        else if (KnownEnvironment(address) is { } environment && !VersionPath().IsMatch(address.AbsolutePath))
        {
            // Without its version segment every call, the token exchange first, is a 404 that looks like a refused key.
            yield return $"OmsClientOptions.BaseAddress {Describe(address)} has no API version path: OMS serves its API below a "
                + $"version segment, so use https://{address.Host}/{OmsEnvironment.DefaultVersion} (OmsEnvironment.{environment}), or "
                + $"OmsEnvironment.{environment}Version(\"v0.13\") for another version.";
        }

        if (options.TokenProvider is null)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                yield return options.ConfigurationProblem is { } problem
                    ? $"OmsClientOptions.ApiKey is required, and {problem}"
                    : "OmsClientOptions.ApiKey is required (sk_sdbx_… for sandbox, sk_live_… for production) unless TokenProvider is set.";
            }
            else if (HasSurroundingWhitespace(options.ApiKey))
            {
                yield return "OmsClientOptions.ApiKey has a space or line break at its start or end (copied with it, or written with echo): trim it; OMS would refuse it.";
            }
            else if (KeyEnvironmentMismatch(options.ApiKey, options.BaseAddress) is { } mismatch)
            {
                yield return mismatch;
            }

            if (string.IsNullOrWhiteSpace(options.ApiSecret))
            {
                yield return options.ConfigurationProblem is { } problem && !string.IsNullOrWhiteSpace(options.ApiKey)
                    ? $"OmsClientOptions.ApiSecret is required, and {problem}"
                    : "OmsClientOptions.ApiSecret is required unless TokenProvider is set.";
            }
            else if (HasSurroundingWhitespace(options.ApiSecret))
            {
                yield return "OmsClientOptions.ApiSecret has a space or line break at its start or end (copied with it, or written with echo instead of echo -n): trim it; OMS would refuse it.";
            }
        }

        if (options.TimeProvider is null)
        {
            yield return "OmsClientOptions.TimeProvider must not be null.";
        }

        if (options.PooledConnectionLifetime <= TimeSpan.Zero && options.PooledConnectionLifetime != Timeout.InfiniteTimeSpan)
        {
            yield return "OmsClientOptions.PooledConnectionLifetime must be positive.";
        }

        if (options.MaxResponseBodySize is < MinResponseBodySize or > MaxResponseBodySize)
        {
            yield return "OmsClientOptions.MaxResponseBodySize must be between 16 KiB (16384) and 1 GiB (1073741824) bytes; the default is 8 MiB.";
        }

        if (options.Resilience is not { } r)
        {
            yield return "OmsClientOptions.Resilience must not be null.";
            yield break;
        }

        if (options.ResilienceConfigurationProblem is { } misspelt)
        {
            yield return misspelt;
        }

        if (r.MaxRetries is < 0 or > 10)
        {
            yield return "OmsClientOptions.Resilience.MaxRetries must be between 0 and 10.";
        }

        if (r.BaseDelay < TimeSpan.Zero || r.BaseDelay > MaxTimeout)
        {
            yield return "OmsClientOptions.Resilience.BaseDelay must be zero or positive and at most 24 hours.";
        }

        if (r.MaxDelay < r.BaseDelay || r.MaxDelay > MaxTimeout)
        {
            yield return "OmsClientOptions.Resilience.MaxDelay must be at least BaseDelay and at most 24 hours.";
        }

        if (r.AttemptTimeout < MinTimeout || r.AttemptTimeout > MaxTimeout)
        {
            yield return "OmsClientOptions.Resilience.AttemptTimeout must be positive (10 ms to 24 hours).";
        }

        if (r.TotalTimeout < MinTimeout || r.TotalTimeout > MaxTimeout)
        {
            yield return "OmsClientOptions.Resilience.TotalTimeout must be positive (10 ms to 24 hours).";
        }
        else if (r.TotalTimeout < r.AttemptTimeout)
        {
            yield return "OmsClientOptions.Resilience.TotalTimeout must be at least AttemptTimeout.";
        }
    }

    /// <summary>"Sandbox" or "Production" for OMS's own hosts; <see langword="null"/> for any other host (a fake, a proxy).</summary>
    private static string? KnownEnvironment(Uri? address) =>
        address is not { IsAbsoluteUri: true } ? null
        : string.Equals(address.Host, SandboxHost, StringComparison.OrdinalIgnoreCase) ? "Sandbox"
        : string.Equals(address.Host, ProductionHost, StringComparison.OrdinalIgnoreCase) ? "Production"
        : null;

    /// <summary>A key of one environment against the other's host is refused there like a wrong key; say so before any call.</summary>
    private static string? KeyEnvironmentMismatch(string key, Uri? address) => KnownEnvironment(address) switch
    {
        "Sandbox" when key.StartsWith(LiveKeyPrefix, StringComparison.Ordinal) =>
            "OmsClientOptions.ApiKey is a production key (sk_live_…) but OmsClientOptions.BaseAddress is the sandbox "
            + $"({Describe(address!)}): set BaseAddress to OmsEnvironment.Production, or use a sandbox key (sk_sdbx_…).",
        "Production" when key.StartsWith(SandboxKeyPrefix, StringComparison.Ordinal) =>
            "OmsClientOptions.ApiKey is a sandbox key (sk_sdbx_…) but OmsClientOptions.BaseAddress is production "
            + $"({Describe(address!)}): set BaseAddress to OmsEnvironment.Sandbox, or use a production key (sk_live_…).",
        _ => null,
    };

    /// <summary>Scheme, host and path only: user info could hold a credential.</summary>
    private static string Describe(Uri address) => $"{address.Scheme}://{address.Host}{address.AbsolutePath}";

    private static bool HasSurroundingWhitespace(string value) =>
        char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);

    /// <summary>One version segment such as <c>/v0.9</c> or <c>/v1</c>, optionally with a trailing slash.</summary>
    [GeneratedRegex(@"^/v\d+(\.\d+)*/?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPath();

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
