using System.Net;
using Oms.Sdk.Serialization;

namespace Oms.Sdk;

/// <summary>
/// OMS rejected the endorsement a wait was for (<see cref="ICustomersClient.WaitForEndorsementAsync"/>): it will not be
/// granted unless the customer's data changes (an update that re-evaluates it) and OMS decides again.
/// </summary>
/// <example><code>
/// catch (OmsEndorsementRejectedException e)
/// {
///     logger.LogWarning("OMS rejected {Endorsement} for {Customer}: {Reasons}", e.Endorsement, e.CustomerId, string.Join("; ", e.RejectionReasons));
/// }
/// </code></example>
public sealed class OmsEndorsementRejectedException : OmsException
{
    /// <summary>Creates the exception from what OMS said.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="endorsement">The endorsement rejected.</param>
    /// <param name="rejectionReasons">Why, as OMS said (see <see cref="CustomerEndorsement.RejectionReasons"/>); <see langword="null"/> for none.</param>
    /// <param name="customer">The customer as read when the rejection was seen, if it was read.</param>
    /// <param name="operation">The SDK operation that saw the rejection (the wait: <c>customers.waitForEndorsement</c>).</param>
    /// <param name="attempts">How many HTTP attempts the read that saw the rejection made.</param>
    /// <param name="idempotencyKey">The key that read sent; none for a wait, whose reads are gets.</param>
    /// <param name="lastStatusCode">The status of the answer that carried the rejection.</param>
    /// <exception cref="ArgumentException"><paramref name="customerId"/> is null, empty or white space.</exception>
    public OmsEndorsementRejectedException(
        string customerId,
        Endorsement endorsement,
        IReadOnlyList<string>? rejectionReasons,
        Customer? customer = null,
        string? operation = null,
        int attempts = 1,
        string? idempotencyKey = null,
        HttpStatusCode? lastStatusCode = null)
        : base(Describe(customerId, endorsement, rejectionReasons), null, operation, attempts, idempotencyKey, lastStatusCode)
    {
        CustomerId = customerId;
        Endorsement = endorsement;
        RejectionReasons = [.. rejectionReasons ?? []];
        Customer = customer;
    }

    /// <summary>The customer's id.</summary>
    public string CustomerId { get; }

    /// <summary>The endorsement OMS rejected.</summary>
    public Endorsement Endorsement { get; }

    /// <summary>Why OMS rejected it, in its order; empty when OMS gave no reason.</summary>
    public IReadOnlyList<string> RejectionReasons { get; }

    /// <summary>The customer as read when the rejection was seen, or <see langword="null"/>.</summary>
    public Customer? Customer { get; }

    private static string Describe(string customerId, Endorsement endorsement, IReadOnlyList<string>? reasons)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        var why = reasons is { Count: > 0 } ? "Reasons: " + string.Join("; ", reasons) + "." : "OMS gave no reason.";
        var name = endorsement is Endorsement.Basic or Endorsement.CryptoCustody or Endorsement.Usd ? WireNames.ToWire(endorsement) : endorsement.ToString();
        return $"OMS rejected the {name} endorsement of customer {customerId}. {why} Fix the customer's data with an update that names the endorsement to have it evaluated again.";
    }
}
