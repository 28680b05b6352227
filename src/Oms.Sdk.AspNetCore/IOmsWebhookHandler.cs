namespace Oms.Sdk.Webhooks;

/// <summary>
/// Handles one kind of verified OMS webhook event. Register it with
/// <c>services.AddOmsWebhookHandler&lt;TEvent, THandler&gt;()</c>; it is resolved from the request's scope, so it may take
/// scoped services such as a <c>DbContext</c>.
/// </summary>
/// <typeparam name="TEvent">
/// <see cref="CustomerEndorsementGrantedEvent"/>, <see cref="CustomerEvent"/>, <see cref="UnknownOmsEvent"/>, or
/// <see cref="OmsWebhookEvent"/> to see every event (after the handlers of its own type).
/// </typeparam>
/// <remarks>
/// The endpoint claims the delivery in its <see cref="IOmsWebhookInbox"/> before running handlers, so one delivery's
/// handlers run once at a time across every receiver sharing the inbox. It answers 2xx once every handler has returned (the
/// claim becomes done), and 500 when one throws or overruns <see cref="OmsWebhookOptions.HandlerTimeout"/> (the claim is
/// released, so OMS's retry runs the handlers again). A receiver that dies mid-handler loses its claim when the lease lapses,
/// and the retry is handled elsewhere: commit a handler's side effects at its end (one transaction), and keep them idempotent
/// for that case.
/// </remarks>
/// <example><code>
/// sealed class GrantedHandler(ILogger&lt;GrantedHandler&gt; log) : IOmsWebhookHandler&lt;CustomerEndorsementGrantedEvent&gt;
/// {
///     public Task HandleAsync(CustomerEndorsementGrantedEvent evt, CancellationToken cancellationToken)
///     {
///         log.LogInformation("{Customer} was granted {Granted}", evt.Customer.Id, evt.GrantedEndorsement);
///         return Task.CompletedTask;
///     }
/// }
/// </code></example>
public interface IOmsWebhookHandler<in TEvent>
    where TEvent : OmsWebhookEvent
{
    /// <summary>Handles a verified, not yet seen event.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="cancellationToken">
    /// Cancelled at <see cref="OmsWebhookOptions.HandlerTimeout"/> or when the application stops; not when the sender stops
    /// waiting (its retry should find the work done).
    /// </param>
    /// <returns>A task that completes when the event is handled; a fault makes the endpoint answer 500.</returns>
    Task HandleAsync(TEvent evt, CancellationToken cancellationToken);
}
