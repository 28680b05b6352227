namespace Oms.Sdk.Webhooks;

/// <summary>
/// Settings of the OMS webhook endpoint (<c>services.AddOmsWebhooks(…)</c>, <c>app.MapOmsWebhooks(…)</c>). Validated at
/// start-up; the messages never print a secret.
/// </summary>
/// <remarks><see cref="ToString"/> never prints a secret.</remarks>
public sealed class OmsWebhookOptions
{
    /// <summary>The default <see cref="HandlerTimeout"/>: 30 seconds.</summary>
    public static readonly TimeSpan DefaultHandlerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The largest <see cref="HandlerTimeout"/> allowed: 15 minutes (hand longer work to a queue).</summary>
    public static readonly TimeSpan MaxHandlerTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// What <see cref="ClaimLease"/> adds to <see cref="HandlerTimeout"/>: 5 seconds, enough for the handlers to see their
    /// cancellation and for the call that completes or releases the claim (a Redis call is bounded at 2 seconds), so a claim
    /// never lapses under an attempt that is still finishing.
    /// </summary>
    public static readonly TimeSpan ClaimLeaseMargin = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// How long the handlers of one delivery may run: their <see cref="CancellationToken"/> fires at this, and the endpoint
    /// answers 500 (the claim is released, so OMS's retry runs them again). Default <see cref="DefaultHandlerTimeout"/>
    /// (30 seconds); positive and at most <see cref="MaxHandlerTimeout"/>. Keep it below OMS's patience for nothing: a
    /// sender that gives up earlier gets 409 on its retries until the handlers finish, then 204.
    /// </summary>
    /// <remarks>
    /// The claim's lease is derived from it (<see cref="ClaimLease"/>): if a receiver dies mid-handler, another receiver
    /// handles OMS's next retry once that lease lapses.
    /// </remarks>
    public TimeSpan HandlerTimeout { get; set; } = DefaultHandlerTimeout;

    /// <summary>
    /// How long a delivery is remembered as done once handled (copies are acknowledged without running handlers). Default
    /// (<see langword="null"/>) twice <see cref="Tolerance"/>, the least that stops every replay the verifier would accept;
    /// longer also drops OMS's late retries of a delivery whose acknowledgement was lost.
    /// </summary>
    public TimeSpan? InboxRetention { get; set; }

    /// <summary>The most ids the default in-process inbox holds. Default <see cref="InMemoryOmsWebhookInbox.DefaultCapacity"/>.</summary>
    public int InMemoryInboxCapacity { get; set; } = InMemoryOmsWebhookInbox.DefaultCapacity;

    /// <summary>The clock for timestamps, the handler timeout and the in-process inbox's expiry. Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The lease of a claim: <see cref="HandlerTimeout"/> + <see cref="ClaimLeaseMargin"/> (35 seconds by default; 8 seconds
    /// with a 3-second handler timeout). A receiver that dies mid-handler holds the delivery that long at most.
    /// </summary>
    public TimeSpan ClaimLease => HandlerTimeout + ClaimLeaseMargin;

    /// <summary>
    /// The configuration key the secret was to be read from when it was not there (<c>Oms:WebhookSecret</c>), set by
    /// <c>AddOmsWebhooks(IConfiguration)</c>; start-up then names that key instead of an empty <see cref="Secrets"/>.
    /// </summary>
    internal string? MissingSecretKey { get; set; }

    /// <summary>The retention in force: <see cref="InboxRetention"/>, or twice the tolerance.</summary>
    internal TimeSpan EffectiveRetention => InboxRetention ?? (Tolerance * 2);

    /// <summary>Describes the options without the secrets.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"OmsWebhookOptions {{ Secrets = {(Secrets is null ? "(none)" : $"[{Secrets.Count} × [redacted]]")}, Tolerance = {Tolerance}, " +
        $"MaxBodySize = {MaxBodySize}, HandlerTimeout = {HandlerTimeout}, InboxRetention = {InboxRetention?.ToString() ?? "(2 × Tolerance)"} }}";

    internal OmsWebhookVerifierOptions ToVerifierOptions() =>
        new() { Secrets = Secrets, Tolerance = Tolerance, TimeProvider = TimeProvider };
}
