using Microsoft.Extensions.DependencyInjection;

namespace Oms.Sdk.Webhooks;

/// <summary>
/// Runs the handlers registered for an event: those of its concrete type, then those of <see cref="OmsWebhookEvent"/>.
/// A switch over the known event types, not reflection, so trimming and native AOT keep every handler.
/// </summary>
internal static class OmsWebhookDispatcher
{
    /// <returns>How many handlers ran.</returns>
    public static async Task<int> DispatchAsync(OmsWebhookEvent evt, IServiceProvider services, CancellationToken cancellationToken)
    {
        var handled = evt switch
        {
            CustomerEndorsementGrantedEvent e => await RunAsync(e, services, cancellationToken).ConfigureAwait(false),
            CustomerEvent e => await RunAsync(e, services, cancellationToken).ConfigureAwait(false),
            UnknownOmsEvent e => await RunAsync(e, services, cancellationToken).ConfigureAwait(false),
            _ => 0,
        };
        return handled + await RunAsync(evt, services, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync<TEvent>(TEvent evt, IServiceProvider services, CancellationToken cancellationToken)
        where TEvent : OmsWebhookEvent
    {
        var count = 0;
        foreach (var handler in services.GetServices<IOmsWebhookHandler<TEvent>>())
        {
            await handler.HandleAsync(evt, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
