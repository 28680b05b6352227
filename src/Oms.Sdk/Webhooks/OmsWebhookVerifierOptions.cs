using Oms.Sdk.Diagnostics;

namespace Oms.Sdk.Webhooks;

/// <summary>Settings of an <see cref="OmsWebhookVerifier"/>. Validated when the verifier is built.</summary>
/// <remarks><see cref="ToString"/> never prints a secret.</remarks>
/// <example><code>
/// var options = new OmsWebhookVerifierOptions { Secrets = [currentSecret, previousSecret] };
/// </code></example>
public sealed class OmsWebhookVerifierOptions
{
    /// <summary>The default <see cref="Tolerance"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The endpoint secrets a delivery may be signed with: <c>whsec_</c> + 64 hex digits (OMS) or <c>whsec_</c> + base64
    /// (Standard Webhooks). At least one. List the new and the previous secret while rotating, so deliveries signed with
    /// either are accepted; remove the previous one when the rotation is over. Never logged or printed.
    /// </summary>
    public IList<string> Secrets { get; set; } = [];

    /// <summary>
    /// How far a delivery's <c>webhook-timestamp</c> may be from this server's clock, either way. Default 5 minutes;
    /// positive and at most 24 hours (a wider window weakens replay protection).
    /// </summary>
    public TimeSpan Tolerance { get; set; } = DefaultTolerance;

    /// <summary>The largest <see cref="Tolerance"/> allowed: 24 hours.</summary>
    public static readonly TimeSpan MaxTolerance = OmsWebhookVerifierOptionsValidator.MaxTolerance;

    /// <summary>The clock the timestamp is checked against. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Checks these options by the rules <see cref="OmsWebhookVerifier"/>'s constructor applies, without building a verifier:
    /// for settings objects that carry these values (such as the ASP.NET Core endpoint's options) and report every problem at
    /// start-up.
    /// </summary>
    /// <param name="settingName">How the messages name these settings, for example <c>OmsWebhookOptions</c>.</param>
    /// <returns>Every problem found, each naming the setting (<c>{settingName}.Secrets[1]</c>); empty when valid. No message contains a secret.</returns>
    public IReadOnlyList<string> Validate(string settingName = nameof(OmsWebhookVerifierOptions))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingName);
        return [.. OmsWebhookVerifierOptionsValidator.Failures(settingName, Secrets, Tolerance, TimeProvider)];
    }

    /// <summary>Describes the options without the secrets.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"OmsWebhookVerifierOptions {{ Secrets = {OmsWebhookVerifierOptionsValidator.DescribeSecrets(Secrets)}, Tolerance = {Tolerance} }}";
}

/// <summary>
/// The one set of rules for webhook verification settings, shared by <see cref="OmsWebhookVerifier"/> and the ASP.NET Core
/// options validator. Messages name the setting and the problem, never a secret.
/// </summary>
internal static class OmsWebhookVerifierOptionsValidator
{
    public static readonly TimeSpan MaxTolerance = TimeSpan.FromHours(24);

    public static IEnumerable<string> Failures(string optionsName, IList<string>? secrets, TimeSpan tolerance, TimeProvider? timeProvider)
    {
        if (secrets is null || secrets.Count == 0)
        {
            yield return $"{optionsName}.Secrets must hold at least one endpoint secret (whsec_…, shown by OMS when the endpoint was created).";
        }
        else
        {
            for (var i = 0; i < secrets.Count; i++)
            {
                if (SecretProblem(secrets[i], $"{optionsName}.Secrets[{i}]") is { } problem)
                {
                    yield return problem;
                }
            }
        }

        if (tolerance <= TimeSpan.Zero || tolerance > MaxTolerance)
        {
            yield return $"{optionsName}.Tolerance must be positive and at most 24 hours (default 5 minutes).";
        }

        if (timeProvider is null)
        {
            yield return $"{optionsName}.TimeProvider must not be null.";
        }
    }

    /// <summary>
    /// Reads every key of every secret; call only with options that passed <see cref="Failures"/>. Each secret's first
    /// reading (the one OMS signs with) comes before any second reading, in the order the secrets are listed, so the
    /// verifier, which stops at the first key that matches, usually computes one MAC per delivery.
    /// </summary>
    public static byte[][] ReadAllKeys(IList<string> secrets)
    {
        var readings = secrets.Select((secret, i) => OmsWebhookSecret.ReadKeys(secret, $"Secrets[{i}]")).ToArray();
        return [.. readings.Select(keys => keys[0]), .. readings.SelectMany(keys => keys.Skip(1))];
    }

    public static string DescribeSecrets(IList<string>? secrets) =>
        secrets is null ? "(none)" : $"[{secrets.Count} × {Redacted.Text}]";

    private static string? SecretProblem(string? secret, string name)
    {
        if (secret is null)
        {
            return $"{name} is null, so the setting it was read from is not set: give the endpoint secret (whsec_…, shown by OMS when "
                + "the endpoint was created). Read from configuration with AddOmsWebhooks(builder.Configuration.GetSection(\"Oms\")), a "
                + "missing secret is reported by its key (Oms:WebhookSecret).";
        }

        try
        {
            OmsWebhookSecret.ReadKeys(secret, name);
            return null;
        }
        catch (ArgumentException e)
        {
            // ReadKeys promises its messages never contain the secret.
            return e.Message;
        }
    }
}
