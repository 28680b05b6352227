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
/// The endpoint answers 2xx once every handler of the event has returned, and 500 when one throws (the delivery is then
/// forgotten by the deduplicator, so OMS's retry runs the handlers again). Keep handlers idempotent and well within OMS's
/// delivery timeout; hand long work to a queue.
/// </remarks>
/// <example><code>
/// sealed class GrantedHandler(ILogger&lt;GrantedHandler&gt; log) : IOmsWebhookHandler&lt;CustomerEndorsementGrantedEvent&gt;
/// {
///     public Task HandleAsync(CustomerEndorsementGrantedEvent evt, CancellationToken cancellationToken)
///     {
///         log.LogInformation("{Customer} now holds {Endorsements}", evt.Customer.Id, evt.GrantedEndorsements);
///         return Task.CompletedTask;
///     }
/// }
/// </code></example>
public interface IOmsWebhookHandler<in TEvent>
    where TEvent : OmsWebhookEvent
{
    /// <summary>Handles a verified, not yet seen event.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="cancellationToken">Cancelled when the sender disconnects.</param>
    /// <returns>A task that completes when the event is handled; a fault makes the endpoint answer 500.</returns>
    Task HandleAsync(TEvent evt, CancellationToken cancellationToken);
}
