using Microsoft.Extensions.Options;

namespace Oms.Sdk.Webhooks;

/// <summary>Validates <see cref="OmsWebhookOptions"/> at host start-up. Messages name the setting and never print a secret.</summary>
internal sealed class OmsWebhookOptionsValidator : IValidateOptions<OmsWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, OmsWebhookOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(OmsWebhookOptions options)
    {
        var secretsPrefix = nameof(OmsWebhookOptions) + "." + nameof(OmsWebhookOptions.Secrets);
        var missing = options.MissingSecretKey is not null && options.Secrets is not { Count: > 0 };
        if (missing)
        {
            // Said by the key to set, not as an empty list the user never wrote.
            yield return $"{options.MissingSecretKey} is not set: give the OMS webhook endpoint's whsec_… secret (shown once when the "
                + $"endpoint was created), for example with dotnet user-secrets set \"{options.MissingSecretKey}\" … or the environment "
                + $"variable {options.MissingSecretKey!.Replace(":", "__", StringComparison.Ordinal)}.";
        }

        foreach (var failure in options.ToVerifierOptions().Validate(nameof(OmsWebhookOptions)))
        {
            if (!(missing && failure.StartsWith(secretsPrefix, StringComparison.Ordinal)))
            {
                yield return failure;
            }
        }

        if (options.MaxBodySize is <= 0 or > OmsWebhookOptions.MaxMaxBodySize)
        {
            yield return "OmsWebhookOptions.MaxBodySize must be positive and at most 100 MiB (default 1 MiB).";
        }

        if (options.HandlerTimeout <= TimeSpan.Zero || options.HandlerTimeout > OmsWebhookOptions.MaxHandlerTimeout)
        {
            yield return "OmsWebhookOptions.HandlerTimeout must be positive and at most 15 minutes (default 30 seconds); hand longer work to a queue.";
        }

        if (options.InboxRetention is { } retention && options.Tolerance <= OmsWebhookVerifierOptions.MaxTolerance && retention < options.Tolerance * 2)
        {
            yield return "OmsWebhookOptions.InboxRetention must be at least twice Tolerance: a delivery is accepted while its "
                + "timestamp is within Tolerance either way, so a replay can arrive that long after the first.";
        }

        if (options.InMemoryInboxCapacity <= 0)
        {
            yield return "OmsWebhookOptions.InMemoryInboxCapacity must be positive.";
        }
    }
}
