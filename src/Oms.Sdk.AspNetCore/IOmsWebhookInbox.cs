namespace Oms.Sdk.Webhooks;

/// <summary>
/// Where the webhook endpoint records which deliveries (by <c>webhook-id</c>) are being handled and which are done, so that
/// each delivery is handled once across every receiver that shares the store, and none is lost. The endpoint
/// <em>claims</em> a delivery before running its handlers, then <em>completes</em> the claim when they succeed or
/// <em>releases</em> it when one fails.
/// </summary>
/// <remarks>
/// <para>States of one <c>webhook-id</c>:</para>
/// <list type="bullet">
/// <item><description><b>absent</b>: never seen, released, or expired. <see cref="TryClaimAsync"/> moves it to in progress.</description></item>
/// <item><description><b>in progress</b>: claimed by one attempt (its <c>owner</c> token) for a <c>lease</c>. Only that owner can
/// complete or release it; when the lease lapses (the receiver died or hung) it is absent again.</description></item>
/// <item><description><b>done</b>: its handlers succeeded; kept for the <c>retention</c>, then absent.</description></item>
/// </list>
/// <para>What every implementation must guarantee (the endpoint's exactly-once promise rests on it):</para>
/// <list type="number">
/// <item><description><b>Atomic claim.</b> Of any number of concurrent <see cref="TryClaimAsync"/> calls for an absent id, from any
/// receiver sharing the store, exactly one returns <see cref="OmsWebhookClaimResult.Claimed"/>. Check-then-write without
/// atomicity (read, then insert) is not enough: use an atomic insert-if-absent (a database's unique key, Redis
/// <c>SET NX</c>).</description></item>
/// <item><description><b>Owner-checked transitions.</b> <see cref="CompleteAsync"/> and <see cref="ReleaseAsync"/> change the entry only
/// when it is in progress and held by the given owner, checked and changed in one atomic step; otherwise they change nothing
/// and return <c>NotOwner</c>. An attempt whose lease lapsed and was claimed again by another can neither complete nor release
/// that other attempt's claim.</description></item>
/// <item><description><b>Leases and retention on one clock.</b> A lease or retention is measured by the store (the database's or
/// Redis's clock), or by one process's <see cref="TimeProvider"/> for an in-process store, never by comparing the clocks of
/// different receivers.</description></item>
/// <item><description><b>Visible once answered.</b> When a call returns <c>Claimed</c>, <c>Completed</c> or <c>Released</c>, the change is
/// stored and every later call from any receiver sees it.</description></item>
/// <item><description><b>Fail loudly and quickly.</b> When the store cannot answer (unreachable, timed out) a call throws, within a
/// bounded time (a few seconds), and never returns <c>Claimed</c> for a claim it did not record. The endpoint then answers
/// 503 and runs no handler. A claim that was recorded although the call failed (a timeout after the write) is harmless: its
/// lease lapses and a retry is handled.</description></item>
/// </list>
/// <para>
/// Implementations: <see cref="InMemoryOmsWebhookInbox"/> (the default, for a single receiver) and the Redis inbox of the
/// <c>Oms.Sdk.Redis</c> package (<c>services.AddOmsWebhookRedisInbox(…)</c>) for a fleet. On a SQL database, one row per
/// id under a unique key does it (docs/running-several-receivers.md has the statements): claim with an insert that, on a
/// key conflict, takes the row over only where its lease has lapsed; complete and release with an update or delete whose
/// <c>WHERE</c> names the id, the owner and the in-progress state, and count the rows it changed.
/// </para>
/// </remarks>
public interface IOmsWebhookInbox
{
    /// <summary>Claims a delivery for one attempt, unless another attempt holds it or it is done.</summary>
    /// <param name="webhookId">The verified delivery's <c>webhook-id</c>.</param>
    /// <param name="owner">A token unique to this attempt (the endpoint makes a new random one per request).</param>
    /// <param name="lease">How long the claim holds without being completed or released; positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OmsWebhookClaimResult.Claimed"/> when the id was absent (or its lease had lapsed) and is now in progress,
    /// held by <paramref name="owner"/>; <see cref="OmsWebhookClaimResult.InProgress"/> when another attempt holds an unexpired
    /// claim; <see cref="OmsWebhookClaimResult.Done"/> when it was completed within the retention.
    /// </returns>
    /// <exception cref="Exception">Any exception: the store could not answer (the endpoint answers 503 and runs no handler).</exception>
    ValueTask<OmsWebhookClaimResult> TryClaimAsync(string webhookId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed delivery done, if <paramref name="owner"/> still holds the claim.</summary>
    /// <param name="webhookId">The delivery's <c>webhook-id</c>.</param>
    /// <param name="owner">The token the claim was made with.</param>
    /// <param name="retention">How long to keep it done (later copies are acknowledged without running handlers); positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OmsWebhookCompleteResult.Completed"/> when it was in progress under <paramref name="owner"/> and is now done;
    /// <see cref="OmsWebhookCompleteResult.NotOwner"/> when it was not (the lease lapsed, perhaps claimed by another), with
    /// nothing changed.
    /// </returns>
    ValueTask<OmsWebhookCompleteResult> CompleteAsync(string webhookId, string owner, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim up (handling failed), if <paramref name="owner"/> still holds it, so the next copy is handled.</summary>
    /// <param name="webhookId">The delivery's <c>webhook-id</c>.</param>
    /// <param name="owner">The token the claim was made with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="OmsWebhookReleaseResult.Released"/> when it was in progress under <paramref name="owner"/> and is now absent;
    /// <see cref="OmsWebhookReleaseResult.NotOwner"/> when it was not, with nothing changed.
    /// </returns>
    ValueTask<OmsWebhookReleaseResult> ReleaseAsync(string webhookId, string owner, CancellationToken cancellationToken = default);
}
