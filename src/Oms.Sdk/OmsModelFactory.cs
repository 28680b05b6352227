using System.Collections.ObjectModel;
using System.Net;
using System.Text.Json;
using Oms.Sdk.Serialization;
using Oms.Sdk.Webhooks;

namespace Oms.Sdk;

/// <summary>
/// Builds the SDK's response models and webhook events with any value, for tests of code that uses
/// <see cref="IOmsClient"/> through a mock or a hand-written fake (as Azure SDK's model factories do): a
/// <see cref="CustomerPage"/> with a next cursor, a customer with granted endorsements. Nothing here calls OMS.
/// </summary>
/// <remarks>
/// Values are taken as given, not validated. Enum parameters write the wire spelling OMS uses (for example
/// <see cref="EndorsementStatus.Approved"/> becomes <c>approved</c>); for a value this SDK does not know, set the raw
/// string on the result (<c>customer with { RawStatus = "suspended" }</c>). Exceptions are built with their public
/// constructors, which take every detail of a call (for example
/// <c>new OmsNotFoundException("No such customer.", requestId: "req_42", operation: "customers.get")</c>).
/// </remarks>
/// <example><code>
/// var page = OmsModelFactory.CustomerPage(
///     [OmsModelFactory.Customer("cst_1", email: "jane@example.com", endorsements: [OmsModelFactory.CustomerEndorsement(Endorsement.Usd)])],
///     nextCursor: "page-2");
/// </code></example>
public static class OmsModelFactory
{
    /// <summary>A customer, every property settable. The type is <c>individual</c>, the object <c>customer</c>.</summary>
    /// <param name="id">The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>.</param>
    /// <param name="firstName">First name.</param>
    /// <param name="middleName">Middle name.</param>
    /// <param name="lastName">Last name.</param>
    /// <param name="email">Email address.</param>
    /// <param name="phone">Phone number in E.164 form.</param>
    /// <param name="nationality">ISO 3166-1 alpha-2 code.</param>
    /// <param name="externalId">Your own id for the customer.</param>
    /// <param name="status">The coarse status; not <see cref="CustomerStatus.Unknown"/>.</param>
    /// <param name="signedAgreement">Whether the agreement is signed.</param>
    /// <param name="signedAgreementAt">When it was signed.</param>
    /// <param name="wallets">The wallets (see <see cref="Wallet(string, string?, string?, string?, string?, decimal?, decimal?, DateTimeOffset?)"/>); none by default.</param>
    /// <param name="endorsements">The endorsements (see <see cref="CustomerEndorsement"/>); none by default.</param>
    /// <param name="metadata">The metadata, copied; empty by default.</param>
    /// <param name="createdAt">When the customer was created.</param>
    /// <param name="updatedAt">When it was last updated; <see langword="null"/> for <paramref name="createdAt"/>.</param>
    /// <returns>The customer.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty, or <paramref name="status"/> is <see cref="CustomerStatus.Unknown"/>.</exception>
    public static Customer Customer(
        string id,
        string? firstName = null,
        string? middleName = null,
        string? lastName = null,
        string? email = null,
        string? phone = null,
        string? nationality = null,
        string? externalId = null,
        CustomerStatus status = CustomerStatus.Active,
        bool? signedAgreement = null,
        DateTimeOffset? signedAgreementAt = null,
        IEnumerable<Wallet>? wallets = null,
        IEnumerable<CustomerEndorsement>? endorsements = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        DateTimeOffset createdAt = default,
        DateTimeOffset? updatedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Customer
        {
            Id = id,
            Object = "customer",
            RawType = WireNames.ToWire(CustomerType.Individual),
            FirstName = firstName,
            MiddleName = middleName,
            LastName = lastName,
            Email = email,
            Phone = phone,
            Nationality = nationality,
            ExternalId = externalId,
            RawStatus = Known(status, CustomerStatus.Unknown, nameof(status), WireNames.ToWire),
            SignedAgreement = signedAgreement,
            SignedAgreementAt = signedAgreementAt,
            Wallets = ReadOnly(wallets),
            Endorsements = ReadOnly(endorsements),
            Metadata = metadata is null ? null! : new ReadOnlyDictionary<string, string>(metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)),
            CreatedAt = createdAt,
            UpdatedAt = updatedAt ?? createdAt,
        };
    }

    /// <summary>An endorsement of a customer; granted (<c>approved</c>) by default.</summary>
    /// <param name="name">The endorsement; not <see cref="Endorsement.Unknown"/>.</param>
    /// <param name="status">Its status; not <see cref="EndorsementStatus.Unknown"/>.</param>
    /// <param name="rejectionReasons">Why it was rejected, if it was.</param>
    /// <param name="requirements">What it still needs (see <see cref="EndorsementRequirements"/>); none by default.</param>
    /// <returns>The endorsement.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="status"/> is <c>Unknown</c>.</exception>
    public static CustomerEndorsement CustomerEndorsement(
        Endorsement name,
        EndorsementStatus status = EndorsementStatus.Approved,
        IEnumerable<string>? rejectionReasons = null,
        EndorsementRequirements? requirements = null) => new()
        {
            RawName = Known(name, Endorsement.Unknown, nameof(name), WireNames.ToWire),
            RawStatus = Known(status, EndorsementStatus.Unknown, nameof(status), WireNames.ToWire),
            RejectionReasons = ReadOnly(rejectionReasons),
            Requirements = requirements!,
        };

    /// <summary>The requirements of an endorsement, grouped by state.</summary>
    /// <param name="complete">Requirements met.</param>
    /// <param name="pending">Requirements under review.</param>
    /// <param name="missing">Requirements not yet provided.</param>
    /// <param name="issues">Problems found with what was provided.</param>
    /// <returns>The requirements.</returns>
    public static EndorsementRequirements EndorsementRequirements(
        IEnumerable<string>? complete = null,
        IEnumerable<string>? pending = null,
        IEnumerable<string>? missing = null,
        IEnumerable<string>? issues = null) => new()
        {
            Complete = ReadOnly(complete),
            Pending = ReadOnly(pending),
            Missing = ReadOnly(missing),
            Issues = ReadOnly(issues),
        };

    /// <summary>A wallet of a customer.</summary>
    /// <param name="id">The wallet id, for example <c>wlt_01H9Xb3K7nM2pQ4r</c>.</param>
    /// <param name="type">The wallet type, for example <c>custodial</c>.</param>
    /// <param name="address">The on-chain address.</param>
    /// <param name="network">The network, for example <c>polygon</c>.</param>
    /// <param name="asset">The asset, for example <c>usdc</c>.</param>
    /// <param name="balance">The balance.</param>
    /// <param name="estimatedValueUsd">The estimated value in USD.</param>
    /// <param name="createdAt">When the wallet was created.</param>
    /// <returns>The wallet.</returns>
    public static Wallet Wallet(
        string id,
        string? type = "custodial",
        string? address = null,
        string? network = "polygon",
        string? asset = "usdc",
        decimal? balance = null,
        decimal? estimatedValueUsd = null,
        DateTimeOffset? createdAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Wallet
        {
            Id = id,
            Type = type,
            Address = address,
            Network = network,
            Asset = asset,
            Balance = balance,
            EstimatedValueUsd = estimatedValueUsd,
            CreatedAt = createdAt,
        };
    }

    /// <summary>
    /// One page of customers. With a <paramref name="nextCursor"/> the page says more follow
    /// (<see cref="CustomerPage.HasMore"/>) and <see cref="CustomerPage.NextCursor"/> returns it; without one it is the last.
    /// </summary>
    /// <param name="items">The customers on the page.</param>
    /// <param name="nextCursor">The cursor of the next page; <see langword="null"/> for the last page.</param>
    /// <returns>The page.</returns>
    /// <example><code>
    /// var first = OmsModelFactory.CustomerPage([jane], nextCursor: "c2");
    /// var last = OmsModelFactory.CustomerPage([john]);
    /// </code></example>
    public static CustomerPage CustomerPage(IEnumerable<Customer>? items, string? nextCursor = null) => new()
    {
        Items = ReadOnly(items),
        HasMore = !string.IsNullOrEmpty(nextCursor),
        WireCursor = string.IsNullOrEmpty(nextCursor) ? null : nextCursor,
    };

    /// <summary>A successful call's answer with its details, as the <c>…WithResponseAsync</c> methods return.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value, for example a customer.</param>
    /// <param name="statusCode">The HTTP status, for example <see cref="HttpStatusCode.Created"/>.</param>
    /// <param name="requestId">The request id OMS sent.</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> the call sent.</param>
    /// <param name="attempts">How many HTTP attempts the call made.</param>
    /// <returns>The response.</returns>
    public static OmsResponse<T> OmsResponse<T>(T value, HttpStatusCode statusCode = HttpStatusCode.OK, string? requestId = null, string? idempotencyKey = null, int attempts = 1) => new()
    {
        Value = value,
        StatusCode = statusCode,
        RequestId = requestId,
        IdempotencyKey = idempotencyKey,
        Attempts = attempts,
    };

    /// <summary>A <c>customer.endorsement.granted</c> event, as <see cref="OmsWebhookVerifier"/> produces from a delivery.</summary>
    /// <param name="customer">The customer as of the event; its approved endorsements are the ones it holds.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <param name="grantedEndorsement">The endorsement the event grants; <see langword="null"/> for a payload that does not say.</param>
    /// <returns>The event.</returns>
    public static CustomerEndorsementGrantedEvent CustomerEndorsementGrantedEvent(Customer customer, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null, Endorsement? grantedEndorsement = null)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerEndorsementGrantedEvent
        {
            WebhookId = webhookId ?? NewWebhookId(),
            Type = Webhooks.CustomerEndorsementGrantedEvent.EventType,
            Timestamp = timestamp,
            Id = id,
            Customer = customer,
            GrantedEndorsement = grantedEndorsement,
            GrantedEndorsementName = grantedEndorsement is { } granted && granted != Endorsement.Unknown ? WireNames.ToWire(granted) : null,
        };
    }

    /// <summary>Another <c>customer.*</c> event with the customer it is about.</summary>
    /// <param name="type">The event type, starting <c>customer.</c>, for example <c>customer.updated</c>.</param>
    /// <param name="customer">The customer.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <returns>The event.</returns>
    public static CustomerEvent CustomerEvent(string type, Customer customer, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerEvent { WebhookId = webhookId ?? NewWebhookId(), Type = type, Timestamp = timestamp, Id = id, Customer = customer };
    }

    /// <summary>An event of a type this SDK does not model, with its raw <c>data</c>.</summary>
    /// <param name="type">The event type, for example <c>wallet.depositDetected</c>.</param>
    /// <param name="data">The envelope's <c>data</c>; cloned, so the document it comes from may be disposed.</param>
    /// <param name="webhookId">The <c>webhook-id</c>; <see langword="null"/> for a new random <c>msg_…</c> id.</param>
    /// <param name="timestamp">When the event happened.</param>
    /// <param name="id">The envelope's own id, if any.</param>
    /// <returns>The event.</returns>
    public static UnknownOmsEvent UnknownOmsEvent(string type, JsonElement data = default, string? webhookId = null, DateTimeOffset timestamp = default, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return new UnknownOmsEvent
        {
            WebhookId = webhookId ?? NewWebhookId(),
            Type = type,
            Timestamp = timestamp,
            Id = id,
            Data = data.ValueKind == JsonValueKind.Undefined ? default : data.Clone(),
        };
    }

    private static string Known<TEnum>(TEnum value, TEnum unknown, string parameter, Func<TEnum, string> toWire)
        where TEnum : struct, Enum =>
        EqualityComparer<TEnum>.Default.Equals(value, unknown)
            ? throw new ArgumentOutOfRangeException(parameter, value, $"{typeof(TEnum).Name}.Unknown has no wire spelling; build with a known value and set the raw string on the result with 'with'.")
            : toWire(value);

    private static ReadOnlyCollection<T> ReadOnly<T>(IEnumerable<T>? items) => items is null ? ReadOnlyCollection<T>.Empty : new List<T>(items).AsReadOnly();

    private static string NewWebhookId() => "msg_" + Guid.NewGuid().ToString("N");
}
