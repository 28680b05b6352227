using System.Text.Json.Serialization;
using Oms.Sdk.Serialization;

namespace Oms.Sdk;

/// <summary>
/// An OMS customer: the root identity that owns wallets, accounts and transactions.
/// Immutable; every collection is read-only and never <see langword="null"/>.
/// </summary>
/// <remarks>
/// Write-only PII given at creation (birth date, residential address, IP address, identity documents)
/// is never returned by OMS and so is not on this type.
/// </remarks>
public sealed record Customer
{
    private readonly IReadOnlyList<Wallet> _wallets = [];
    private readonly IReadOnlyList<CustomerEndorsement> _endorsements = [];
    private readonly IReadOnlyDictionary<string, string> _metadata = EmptyMetadata.Instance;

    /// <summary>The customer id, for example <c>cst_01H9Xa8F5dN6mP3q</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The object kind; <c>customer</c>.</summary>
    public string? Object { get; init; }

    /// <summary>The customer type. <see cref="CustomerType.Unknown"/> when OMS sent a value this SDK does not know (see <see cref="RawType"/>).</summary>
    [JsonIgnore]
    public CustomerType Type => WireNames.ParseCustomerType(RawType);

    /// <summary>The customer type exactly as OMS sent it.</summary>
    [JsonPropertyName("type")]
    public string? RawType { get; init; }

    /// <summary>First name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Middle name.</summary>
    public string? MiddleName { get; init; }

    /// <summary>Last name.</summary>
    public string? LastName { get; init; }

    /// <summary>Email address.</summary>
    public string? Email { get; init; }

    /// <summary>Phone number in E.164 form, for example <c>+12125551234</c>.</summary>
    public string? Phone { get; init; }

    /// <summary>Nationality as an ISO 3166-1 alpha-2 code.</summary>
    public string? Nationality { get; init; }

    /// <summary>Your own identifier for this customer, as given at creation.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The coarse status. <see cref="CustomerStatus.Unknown"/> when OMS sent a value this SDK does not know (see <see cref="RawStatus"/>).</summary>
    [JsonIgnore]
    public CustomerStatus Status => WireNames.ParseCustomerStatus(RawStatus);

    /// <summary>The status exactly as OMS sent it.</summary>
    [JsonPropertyName("status")]
    public string? RawStatus { get; init; }

    /// <summary>Whether the customer signed the OMS agreement.</summary>
    public bool? SignedAgreement { get; init; }

    /// <summary>When the customer signed the agreement.</summary>
    public DateTimeOffset? SignedAgreementAt { get; init; }

    /// <summary>The customer's wallets.</summary>
    public IReadOnlyList<Wallet> Wallets { get => _wallets; init => _wallets = value ?? []; }

    /// <summary>The customer's endorsements, requested or granted.</summary>
    /// <remarks>OMS sends either plain names (each one granted) or objects with a status; both are read.</remarks>
    [JsonConverter(typeof(CustomerEndorsementListConverter))]
    public IReadOnlyList<CustomerEndorsement> Endorsements { get => _endorsements; init => _endorsements = value ?? []; }

    /// <summary>Your string-to-string metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get => _metadata; init => _metadata = value ?? EmptyMetadata.Instance; }

    /// <summary>When the customer was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the customer was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether OMS has granted <paramref name="endorsement"/> to this customer (status <c>approved</c> or <c>active</c>, in any letter case).</summary>
    /// <param name="endorsement">The endorsement to look for.</param>
    /// <returns><see langword="true"/> when the endorsement is present and approved.</returns>
    /// <example><code>if (customer.HasEndorsement(Endorsement.Usd)) { /* may move USD */ }</code></example>
    public bool HasEndorsement(Endorsement endorsement)
    {
        foreach (var e in Endorsements)
        {
            if (e.Name == endorsement && e.Status == EndorsementStatus.Approved)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One endorsement on a customer: its name, status and what it still needs.</summary>
public sealed record CustomerEndorsement
{
    private readonly IReadOnlyList<string> _rejectionReasons = [];
    private readonly EndorsementRequirements _requirements = EndorsementRequirements.None;

    /// <summary>The endorsement. <see cref="Endorsement.Unknown"/> for a name this SDK does not know (see <see cref="RawName"/>).</summary>
    [JsonIgnore]
    public Endorsement Name => WireNames.ParseEndorsement(RawName);

    /// <summary>The endorsement name exactly as OMS sent it.</summary>
    [JsonPropertyName("name")]
    public string? RawName { get; init; }

    /// <summary>The status. <see cref="EndorsementStatus.Unknown"/> for a value this SDK does not know (see <see cref="RawStatus"/>).</summary>
    [JsonIgnore]
    public EndorsementStatus Status => WireNames.ParseEndorsementStatus(RawStatus);

    /// <summary>The status exactly as OMS sent it.</summary>
    [JsonPropertyName("status")]
    public string? RawStatus { get; init; }

    /// <summary>Why OMS rejected the endorsement, when it did.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> RejectionReasons { get => _rejectionReasons; init => _rejectionReasons = value ?? []; }

    /// <summary>What the endorsement still requires.</summary>
    public EndorsementRequirements Requirements { get => _requirements; init => _requirements = value ?? EndorsementRequirements.None; }
}

/// <summary>The requirements of an endorsement, grouped by state. Items are kept as OMS sent them (objects as raw JSON text).</summary>
public sealed record EndorsementRequirements
{
    /// <summary>No requirements at all; shared, as the record is immutable.</summary>
    internal static readonly EndorsementRequirements None = new();

    private readonly IReadOnlyList<string> _complete = [];
    private readonly IReadOnlyList<string> _pending = [];
    private readonly IReadOnlyList<string> _missing = [];
    private readonly IReadOnlyList<string> _issues = [];

    /// <summary>Requirements met.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Complete { get => _complete; init => _complete = value ?? []; }

    /// <summary>Requirements under review.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Pending { get => _pending; init => _pending = value ?? []; }

    /// <summary>Requirements not yet provided.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Missing { get => _missing; init => _missing = value ?? []; }

    /// <summary>Problems found with what was provided.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Issues { get => _issues; init => _issues = value ?? []; }
}

/// <summary>A wallet owned by a customer. Amounts are exact decimals (OMS sends them as strings).</summary>
public sealed record Wallet
{
    /// <summary>The wallet id, for example <c>wlt_01H9Xb3K7nM2pQ4r</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The wallet type as OMS sent it, for example <c>custodial</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The on-chain address.</summary>
    public string? Address { get; init; }

    /// <summary>The network, for example <c>polygon</c>.</summary>
    public string? Network { get; init; }

    /// <summary>The asset, for example <c>usdc</c>.</summary>
    public string? Asset { get; init; }

    /// <summary>The balance, exact.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? Balance { get; init; }

    /// <summary>The estimated value in USD, exact.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? EstimatedValueUsd { get; init; }

    /// <summary>When the wallet was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>One page of customers from <see cref="ICustomersClient.ListAsync"/>.</summary>
public sealed record CustomerPage
{
    private readonly IReadOnlyList<Customer> _items = [];

    /// <summary>The customers on this page.</summary>
    [JsonPropertyName("data")]
    public IReadOnlyList<Customer> Items { get => _items; init => _items = value ?? []; }

    /// <summary>Whether OMS says more pages follow.</summary>
    public bool HasMore { get; init; }

    /// <summary>The cursor of the next page, or <see langword="null"/> on the last page.</summary>
    /// <remarks>Read from <c>cursor</c>, falling back to <c>nextCursor</c>; a page with <see cref="HasMore"/> false has none.</remarks>
    [JsonIgnore]
    public string? NextCursor => HasMore ? (string.IsNullOrEmpty(WireCursor) ? WireNextCursor : WireCursor) is { Length: > 0 } c ? c : null : null;

    [JsonInclude]
    [JsonPropertyName("cursor")]
    internal string? WireCursor { get; init; }

    [JsonInclude]
    [JsonPropertyName("nextCursor")]
    internal string? WireNextCursor { get; init; }
}

internal static class EmptyMetadata
{
    public static readonly IReadOnlyDictionary<string, string> Instance =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
}
