using System.Text;
using System.Text.Json.Serialization;

namespace Oms.Sdk;

/// <summary>
/// The body of <see cref="ICustomersClient.CreateAsync"/>. Only <see cref="Type"/> is required and it defaults to
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
            .Append(", Metadata = ").Append(Metadata is null ? null : $"[{Metadata.Count} entries]");
        return true;
    }
}
