using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>
/// The body of <see cref="ICustomersClient.CreateAsync(CreateCustomerRequest, string?, OmsRequestOptions?, CancellationToken)"/>. Only <see cref="Type"/> is required and it defaults to
/// <see cref="CustomerType.Individual"/>, so <c>new CreateCustomerRequest()</c> is a valid minimal request.
/// </summary>
/// <remarks>
/// <see cref="BirthDate"/>, <see cref="ResidentialAddress"/>, <see cref="IpAddress"/> and <see cref="IdentifyingInformation"/>
/// are write-only PII: OMS never returns them and <see cref="ToString"/> never prints them.
/// </remarks>
/// <example><code>
/// var request = new CreateCustomerRequest
/// {
///     FirstName = "Jane", LastName = "Smith", Email = "jane@example.com",
///     Endorsements = [Endorsement.Usd, Endorsement.CryptoCustody],
/// };
/// </code></example>
public sealed record CreateCustomerRequest
{
    private Dictionary<string, JsonElement>? _additionalProperties;

    /// <summary>The customer type; OMS v0.9 accepts only <see cref="CustomerType.Individual"/> (the default).</summary>
    public CustomerType Type { get; init; } = CustomerType.Individual;

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

    /// <summary>Date of birth (sent as <c>YYYY-MM-DD</c>). Write-only PII.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Nationality as an ISO 3166-1 alpha-2 code, for example <c>US</c>.</summary>
    public string? Nationality { get; init; }

    /// <summary>The customer's IP address. Write-only PII.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Your own identifier for this customer; filterable in <see cref="ListCustomersOptions.ExternalId"/>.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Whether the customer signed the OMS agreement.</summary>
    public bool? SignedAgreement { get; init; }

    /// <summary>Residential address. Write-only PII.</summary>
    public ResidentialAddress? ResidentialAddress { get; init; }

    /// <summary>Identity documents. Write-only PII.</summary>
    public IReadOnlyList<IdentifyingDocument>? IdentifyingInformation { get; init; }

    /// <summary>
    /// The endorsements to request. When <see langword="null"/> OMS requests <see cref="Endorsement.CryptoCustody"/>
    /// and <see cref="Endorsement.Usd"/> (which brings <see cref="Endorsement.Basic"/>).
    /// </summary>
    public IReadOnlyList<Endorsement>? Endorsements { get; init; }

    /// <summary>Your string-to-string metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>
    /// Extra top-level fields to send, by wire name, for a field OMS accepts that this SDK does not model yet. Never
    /// <see langword="null"/>. A name the SDK models (<c>email</c>, say) is refused when the call starts, naming the property
    /// to use instead. The dictionary is shared by copies made with <c>with</c>.
    /// </summary>
    /// <example><code>
    /// var request = new CreateCustomerRequest { Email = "jane@example.com" };
    /// request.AdditionalProperties["riskLevel"] = JsonElement.Parse("\"low\"");
    /// </code></example>
    [JsonIgnore]
    public IDictionary<string, JsonElement> AdditionalProperties => _additionalProperties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>What <see cref="AdditionalProperties"/> holds, for the serializer; <see langword="null"/> (nothing written, nothing allocated) when empty.</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? WireAdditionalProperties => _additionalProperties is { Count: > 0 } ? _additionalProperties : null;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Type = ").Append(Type)
            .Append(", FirstName = ").Append(FirstName)
            .Append(", MiddleName = ").Append(MiddleName)
            .Append(", LastName = ").Append(LastName)
            .Append(", Email = ").Append(Email)
            .Append(", Phone = ").Append(Phone)
            .Append(", BirthDate = ").Append(Redacted.Mark(BirthDate is not null))
            .Append(", Nationality = ").Append(Nationality)
            .Append(", IpAddress = ").Append(Redacted.Mark(IpAddress is not null))
            .Append(", ExternalId = ").Append(ExternalId)
            .Append(", SignedAgreement = ").Append(SignedAgreement)
            .Append(", ResidentialAddress = ").Append(Redacted.Mark(ResidentialAddress is not null))
            .Append(", IdentifyingInformation = ").Append(Redacted.Mark(IdentifyingInformation is not null))
            .Append(", Endorsements = ").Append(Endorsements is null ? null : string.Join('|', Endorsements))
            .Append(", Metadata = ").Append(Metadata is null ? null : $"[{Metadata.Count} entries]")
            .Append(", AdditionalProperties = ").Append(_additionalProperties is { Count: > 0 } extra ? $"[{extra.Count} entries]" : null);
        return true;
    }
}
