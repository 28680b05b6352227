using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Oms.Sdk.Webhooks;

/// <summary>Validates <see cref="OmsWebhookOptions"/> at host start-up. Messages name the setting and never print a secret.</summary>
internal sealed class OmsWebhookOptionsValidator(IServiceProvider services) : IValidateOptions<OmsWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, OmsWebhookOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> Failures(OmsWebhookOptions options)
    {
        foreach (var failure in OmsWebhookVerifierOptionsValidator.Failures(nameof(OmsWebhookOptions), options.Secrets, options.Tolerance, options.TimeProvider))
        {
            yield return failure;
        }

        if (options.MaxBodySize is <= 0 or > OmsWebhookOptions.MaxMaxBodySize)
        {
            yield return "OmsWebhookOptions.MaxBodySize must be positive and at most 100 MiB (default 1 MiB).";
        }

        if (options.DeduplicationRetention is { } retention && options.Tolerance <= OmsWebhookVerifierOptionsValidator.MaxTolerance && retention < options.Tolerance * 2)
        {
            yield return "OmsWebhookOptions.DeduplicationRetention must be at least twice Tolerance: a delivery is accepted while its "
                + "timestamp is within Tolerance either way, so a replay can arrive that long after the first.";
        }

        if (options.InMemoryDeduplicationCapacity <= 0)
        {
            yield return "OmsWebhookOptions.InMemoryDeduplicationCapacity must be positive.";
        }

        if (options.Deduplication == OmsWebhookDeduplication.DistributedCache && !IsRegistered<IDistributedCache>())
        {
            yield return "OmsWebhookOptions.Deduplication is DistributedCache, but no IDistributedCache is registered "
                + "(add one, for example services.AddStackExchangeRedisCache(…)).";
        }

        if (!Enum.IsDefined(options.Deduplication))
        {
            yield return "OmsWebhookOptions.Deduplication must be Auto, InMemory or DistributedCache.";
        }
    }

    private bool IsRegistered<T>() => services.GetService<IServiceProviderIsService>()?.IsService(typeof(T)) ?? services.GetService<T>() is not null;
}
