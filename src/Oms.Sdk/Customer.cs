using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Customers;
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
    private IReadOnlyDictionary<string, JsonElement> _additionalProperties = UnmodelledFields.Empty;

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

    /// <summary>
    /// Every top-level field OMS sent that this SDK does not model, by its wire name, as sent. Never <see langword="null"/>;
    /// empty when OMS sent nothing new. Read a field the SDK does not know yet here the day OMS adds it.
    /// </summary>
    /// <example><code>
    /// if (customer.AdditionalProperties.TryGetValue("riskLevel", out JsonElement risk)) { Console.WriteLine(risk.GetString()); }
    /// </code></example>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value ?? UnmodelledFields.Empty; }

    /// <summary><see cref="AdditionalProperties"/> as top-level fields for a serializer of yours (a cached copy keeps the wire shape).</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? WireAdditionalProperties { get => UnmodelledFields.ToWire(_additionalProperties); set => _additionalProperties = UnmodelledFields.FromWire(value); }

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
