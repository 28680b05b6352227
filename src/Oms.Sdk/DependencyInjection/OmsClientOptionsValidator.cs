using System.Net;
using Microsoft.Extensions.Options;

namespace Oms.Sdk;

/// <summary>
/// Validates <see cref="OmsClientOptions"/>: at host start-up with DI, at construction without. Messages name the
/// setting and never print a secret.
/// </summary>
internal sealed class OmsClientOptionsValidator : IValidateOptions<OmsClientOptions>
{
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

        if (options.TokenProvider is null)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                yield return "OmsClientOptions.ApiKey is required (sk_sdbx_… for sandbox, sk_live_… for production) unless TokenProvider is set.";
            }

            if (string.IsNullOrWhiteSpace(options.ApiSecret))
            {
                yield return "OmsClientOptions.ApiSecret is required unless TokenProvider is set.";
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

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
