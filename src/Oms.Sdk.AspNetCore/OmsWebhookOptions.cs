namespace Oms.Sdk.Webhooks;

/// <summary>
/// Settings of the OMS webhook endpoint (<c>services.AddOmsWebhooks(…)</c>, <c>app.MapOmsWebhooks(…)</c>). Validated at
/// start-up; the messages never print a secret.
/// </summary>
/// <remarks><see cref="ToString"/> never prints a secret.</remarks>
public sealed class OmsWebhookOptions
{
    /// <summary>The default <see cref="MaxBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxBodySize = 1024 * 1024;

    /// <summary>The largest <see cref="MaxBodySize"/> allowed: 100 MiB.</summary>
    public const long MaxMaxBodySize = 100 * 1024 * 1024;

    /// <summary>
    /// The endpoint secrets (<c>whsec_…</c>) a delivery may be signed with; at least one. During a rotation list the new
    /// and the previous secret. Never logged or printed.
    /// </summary>
    public IList<string> Secrets { get; set; } = [];

    /// <summary>How far a delivery's timestamp may be from this server's clock, either way. Default 5 minutes; at most 24 hours.</summary>
    public TimeSpan Tolerance { get; set; } = OmsWebhookVerifierOptions.DefaultTolerance;

    /// <summary>
    /// The largest request body accepted, in bytes; larger ones are answered 413 (by <c>Content-Length</c> before reading, or
    /// while reading a chunked body). Default 1 MiB; at most <see cref="MaxMaxBodySize"/>.
    /// </summary>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>Where processed delivery ids are remembered. Default <see cref="OmsWebhookDeduplication.Auto"/>.</summary>
    /// <remarks>An <see cref="IOmsWebhookDeduplicator"/> you register yourself is used whatever this says.</remarks>
    public OmsWebhookDeduplication Deduplication { get; set; } = OmsWebhookDeduplication.Auto;

    /// <summary>
    /// How long a processed delivery id is remembered. Default (<see langword="null"/>) twice <see cref="Tolerance"/>, the
    /// least that stops every replay the verifier would accept; longer also drops OMS's late retries of a delivery whose
    /// acknowledgement was lost.
    /// </summary>
    public TimeSpan? DeduplicationRetention { get; set; }

    /// <summary>The most ids the in-memory deduplicator holds. Default <see cref="InMemoryOmsWebhookDeduplicator.DefaultCapacity"/>.</summary>
    public int InMemoryDeduplicationCapacity { get; set; } = InMemoryOmsWebhookDeduplicator.DefaultCapacity;

    /// <summary>The clock for timestamps and the in-memory deduplicator's expiry. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The retention in force: <see cref="DeduplicationRetention"/>, or twice the tolerance.</summary>
    internal TimeSpan EffectiveRetention => DeduplicationRetention ?? (Tolerance * 2);

    /// <summary>Describes the options without the secrets.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"OmsWebhookOptions {{ Secrets = {OmsWebhookVerifierOptionsValidator.DescribeSecrets(Secrets)}, Tolerance = {Tolerance}, " +
        $"MaxBodySize = {MaxBodySize}, Deduplication = {Deduplication}, DeduplicationRetention = {DeduplicationRetention?.ToString() ?? "(2 × Tolerance)"} }}";

    internal OmsWebhookVerifierOptions ToVerifierOptions() =>
        new() { Secrets = Secrets, Tolerance = Tolerance, TimeProvider = TimeProvider };
}

/// <summary>Where the webhook endpoint remembers processed delivery ids.</summary>
public enum OmsWebhookDeduplication
{
    /// <summary>In an <c>IDistributedCache</c> when the application registers one (shared by a fleet), else in memory.</summary>
    Auto = 0,

    /// <summary>In this process (<see cref="InMemoryOmsWebhookDeduplicator"/>): right for a single receiver.</summary>
    InMemory,

    /// <summary>In the application's <c>IDistributedCache</c> (<see cref="DistributedCacheOmsWebhookDeduplicator"/>); start-up fails without one.</summary>
    DistributedCache,
}
