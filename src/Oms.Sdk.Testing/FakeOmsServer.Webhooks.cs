using System.Text;
using Oms.Sdk.Testing.Internal;

namespace Oms.Sdk.Testing;

/// <summary>Endorsement grants (with the signed webhooks they send) and rejections.</summary>
public sealed partial class FakeOmsServer
{
    /// <summary>The type of the event <see cref="GrantEndorsementAsync"/> sends.</summary>
    public const string EndorsementGrantedEventType = "customer.endorsement.granted";

    /// <summary>
    /// Grants an endorsement, as OMS does after KYC: sets it <c>approved</c> (adding it if the customer never requested it),
    /// bumps <c>updatedAt</c>, and sends a signed <c>customer.endorsement.granted</c> webhook to every registered receiver,
    /// retrying as <see cref="FakeOmsServerOptions.WebhookRetryDelays"/> says. Completes when every delivery has finished.
    /// </summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="endorsement">The endorsement to grant.</param>
    /// <param name="cancellationToken">Stops the deliveries (and their waits).</param>
    /// <returns>The event: its exact body, the customer after the grant, and each receiver's delivery.</returns>
    /// <exception cref="ArgumentException">No customer has that id, or <paramref name="endorsement"/> is <see cref="Endorsement.Unknown"/>.</exception>
    /// <example><code>
    /// oms.AddWebhookReceiver(new Uri("http://127.0.0.1:5005/webhooks/oms"));
    /// FakeOmsWebhookEvent sent = await oms.GrantEndorsementAsync(customer.Id, Endorsement.Usd);
    /// Assert.True(sent.Deliveries[0].Delivered);
    /// </code></example>
    public async Task<FakeOmsWebhookEvent> GrantEndorsementAsync(string customerId, Endorsement endorsement, CancellationToken cancellationToken = default)
    {
        var customer = Decide(customerId, endorsement, new StoredEndorsement(endorsement, EndorsementStatus.Approved));

        var id = "msg_" + RandomText.Base62(24);
        var body = WireJson.WebhookEnvelope(EndorsementGrantedEventType, customer.UpdatedAt, customer, endorsement);
        Uri[] receivers;
        lock (_gate)
        {
            receivers = [.. _receivers];
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var deliveries = await Task.WhenAll(receivers.Select(r => _webhooks.DeliverAsync(r, id, body, null, stop.Token))).ConfigureAwait(false);
        foreach (var disabled in deliveries.Where(d => d.ReceiverDisabled))
        {
            RemoveWebhookReceiver(disabled.Receiver);
        }

        return new FakeOmsWebhookEvent
        {
            Id = id,
            Type = EndorsementGrantedEventType,
            Timestamp = customer.UpdatedAt,
            Body = Encoding.UTF8.GetString(body),
            Customer = ClientView.Customer(customer),
            Deliveries = deliveries,
        };
    }

    /// <summary>
    /// Rejects an endorsement, as OMS does when KYC fails: sets it <c>rejected</c> with <paramref name="reasons"/> (adding it
    /// if the customer never requested it) and bumps <c>updatedAt</c>. A GET then returns each reason as the reference's
    /// rejection reason object, <c>{"developerReason": reason, "reason": reason}</c>. Sends no webhook: the OMS docs name
    /// no event for a rejection (only <c>customer.endorsement.granted</c>), so a client learns of it by reading the customer.
    /// A later grant, or an update that re-evaluates the endorsement, clears the reasons.
    /// </summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="endorsement">The endorsement to reject.</param>
    /// <param name="reasons">Why, one text per reason; <see langword="null"/> or empty for none.</param>
    /// <param name="cancellationToken">Not used today (no webhook is sent); kept for the shape of <see cref="GrantEndorsementAsync"/>.</param>
    /// <returns>The customer after the rejection, as a client reads it.</returns>
    /// <exception cref="ArgumentException">No customer has that id, <paramref name="endorsement"/> is <see cref="Endorsement.Unknown"/>, or a reason is blank.</exception>
    /// <example><code>
    /// await oms.RejectEndorsementAsync(customer.Id, Endorsement.Usd, ["Document image unreadable"]);
    /// </code></example>
    public Task<Customer> RejectEndorsementAsync(string customerId, Endorsement endorsement, IReadOnlyList<string>? reasons = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> given = [.. reasons ?? []];
        if (given.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A rejection reason must be a non-blank text.", nameof(reasons));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var customer = Decide(customerId, endorsement, new StoredEndorsement(endorsement, EndorsementStatus.Rejected) { RejectionReasons = given });
        return Task.FromResult(ClientView.Customer(customer));
    }

    /// <summary>Registers a URL that receives every webhook the fake sends from now on (a second registration of the same URL is ignored).</summary>
    /// <param name="url">An absolute <c>http</c> or <c>https</c> URL, for example your test host's webhook endpoint.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http(s) URL.</exception>
    public void AddWebhookReceiver(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("A webhook receiver must be an absolute http or https URL.", nameof(url));
        }

        lock (_gate)
        {
            if (!_receivers.Contains(url))
            {
                _receivers.Add(url);
            }
        }
    }

    /// <summary>Stops sending webhooks to a URL. A receiver that answers <c>410 Gone</c> is removed this way by the fake itself.</summary>
    /// <param name="url">The URL given to <see cref="AddWebhookReceiver(Uri)"/>.</param>
    /// <returns>Whether it was registered.</returns>
    public bool RemoveWebhookReceiver(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        lock (_gate)
        {
            return _receivers.Remove(url);
        }
    }

    /// <summary>Replaces one endorsement of a customer with OMS's decision on it (the endorsement added when the customer lacks it).</summary>
    private StoredCustomer Decide(string customerId, Endorsement endorsement, StoredEndorsement decision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        if (endorsement is not (Endorsement.Basic or Endorsement.CryptoCustody or Endorsement.Usd))
        {
            throw new ArgumentOutOfRangeException(nameof(endorsement), endorsement, "The endorsement must be Basic, CryptoCustody or Usd.");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _book.Update(customerId, c => c with
        {
            Endorsements = [.. c.Endorsements.Where(e => e.Name != endorsement).Append(decision).OrderBy(e => e.Name)],
        });
    }
}
