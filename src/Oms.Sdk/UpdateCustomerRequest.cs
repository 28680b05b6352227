using System.Text;
using System.Text.Json;
using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>
/// The body of <see cref="ICustomersClient.UpdateAsync(string, UpdateCustomerRequest, string?, OmsRequestOptions?, CancellationToken)"/>: a partial update (JSON Merge Patch, RFC 7396). Each
/// property has three states, said the way C# already says them:
/// <list type="bullet">
/// <item><description><b>not assigned</b>: unchanged; the field is not sent;</description></item>
/// <item><description><b>assigned a value</b>: set to it;</description></item>
/// <item><description><b>assigned <see langword="null"/></b>: cleared; <c>null</c> is sent.</description></item>
/// </list>
/// Only assigned properties are sent (the request tracks which, <c>with</c> expressions included), so
/// <c>new UpdateCustomerRequest { MiddleName = null }</c> clears the middle name and touches nothing else. Exceptions:
/// <see cref="SignedAgreement"/> and <see cref="Endorsements"/> cannot be cleared (OMS has no "no value" for them), so
/// <see langword="null"/> there means unchanged.
/// </summary>
/// <remarks>
/// <para>
/// Why this shape. Stripe.net's update options are nullable properties where <see langword="null"/> means "not sent",
/// and a field is cleared by sending an empty string (<c>""</c>): a magic value that cannot be told from a real empty
/// value and does not exist for dates or objects. Azure SDK models for JSON Merge Patch track which members were set
/// (Azure.Core's <c>Optional</c> and change-tracking collections tell "undefined" from "set to empty" or "set to null").
/// This request does the same with init accessors: the property types are those of
/// <see cref="CreateCustomerRequest"/> (so <c>Email = "…"</c>, <c>BirthDate = new DateOnly(1990, 5, 15)</c>,
/// <c>Endorsements = [Endorsement.Usd]</c> and <c>IdentifyingInformation = [document]</c> all compile), and
/// <see langword="null"/> is the one, typed way to clear. Beware: assigning a variable that happens to be
/// <see langword="null"/> clears that field; leave the property out (or build the request with <c>with</c>) to keep it.
/// </para>
/// <para>
/// <see cref="BirthDate"/>, <see cref="ResidentialAddress"/>, <see cref="IpAddress"/> and <see cref="IdentifyingInformation"/>
/// are write-only PII: OMS never returns them and <see cref="ToString"/> never prints them. An update that assigns
/// nothing is refused with <see cref="ArgumentException"/> before anything is sent.
/// </para>
/// </remarks>
/// <example><code>
/// // Identity collected after creation, terms accepted:
/// Customer c = await client.Customers.UpdateAsync(customerId, new UpdateCustomerRequest
/// {
///     BirthDate = new DateOnly(1990, 5, 15),
///     SignedAgreement = true,
///     ResidentialAddress = new ResidentialAddress { Line1 = "1 Main St", City = "New York", Country = "US" },
/// });
///
/// // Clear the middle name, drop one metadata key and set another:
/// await client.Customers.UpdateAsync(customerId, new UpdateCustomerRequest
/// {
///     MiddleName = null,
///     Metadata = new Dictionary&lt;string, string?&gt; { ["plan"] = null, ["tier"] = "gold" },
/// });
/// </code></example>
public sealed record UpdateCustomerRequest
{
    private UpdateCustomerFields _assigned;
    private Dictionary<string, JsonElement>? _additionalProperties;

    /// <summary>First name; <see langword="null"/> clears it.</summary>
    public string? FirstName { get; init => Assign(out field, value, UpdateCustomerFields.FirstName); }

    /// <summary>Middle name; <see langword="null"/> clears it.</summary>
    public string? MiddleName { get; init => Assign(out field, value, UpdateCustomerFields.MiddleName); }

    /// <summary>Last name; <see langword="null"/> clears it. A change may make OMS re-evaluate endorsements.</summary>
    public string? LastName { get; init => Assign(out field, value, UpdateCustomerFields.LastName); }

    /// <summary>Email address; <see langword="null"/> clears it.</summary>
    public string? Email { get; init => Assign(out field, value, UpdateCustomerFields.Email); }

    /// <summary>Phone number in E.164 form, for example <c>+12125551234</c>; <see langword="null"/> clears it.</summary>
    public string? Phone { get; init => Assign(out field, value, UpdateCustomerFields.Phone); }

    /// <summary>Date of birth (sent as <c>YYYY-MM-DD</c>); <see langword="null"/> clears it. Write-only PII.</summary>
    public DateOnly? BirthDate { get; init => Assign(out field, value, UpdateCustomerFields.BirthDate); }

    /// <summary>Nationality as an ISO 3166-1 alpha-2 code, for example <c>US</c>; <see langword="null"/> clears it.</summary>
    public string? Nationality { get; init => Assign(out field, value, UpdateCustomerFields.Nationality); }

    /// <summary>The customer's IP address; <see langword="null"/> clears it. Write-only PII; a change may make OMS re-evaluate endorsements.</summary>
    public string? IpAddress { get; init => Assign(out field, value, UpdateCustomerFields.IpAddress); }

    /// <summary>Your own identifier for this customer; <see langword="null"/> clears it.</summary>
    public string? ExternalId { get; init => Assign(out field, value, UpdateCustomerFields.ExternalId); }

    /// <summary>Whether the customer signed the OMS agreement; <see langword="null"/> (the default) leaves it unchanged.</summary>
    public bool? SignedAgreement { get; init; }

    /// <summary>
    /// Residential address; <see langword="null"/> clears it. Write-only PII; a change may make OMS re-evaluate endorsements.
    /// Merged into the address on file field by field (JSON Merge Patch): fields left <see langword="null"/> in the
    /// address are not sent and stay as they are.
    /// </summary>
    public ResidentialAddress? ResidentialAddress { get; init => Assign(out field, value, UpdateCustomerFields.ResidentialAddress); }

    /// <summary>
    /// Identity documents: <b>replace</b> the documents on file (an empty list leaves none); <see langword="null"/> clears
    /// them. Write-only PII; a change may make OMS re-evaluate endorsements.
    /// </summary>
    public IReadOnlyList<IdentifyingDocument>? IdentifyingInformation { get; init => Assign(out field, value, UpdateCustomerFields.IdentifyingInformation); }

    /// <summary>
    /// The endorsements OMS should (re-)evaluate, for example after the identity was completed; <see langword="null"/>
    /// (the default) asks for none. Naming one re-evaluates it even when nothing else changed.
    /// </summary>
    public IReadOnlyList<Endorsement>? Endorsements { get; init; }

    /// <summary>
    /// Metadata changes, merged key by key into the customer's metadata: a key with a value is set, a key with
    /// <see langword="null"/> is removed, keys not named stay. Assigning <see langword="null"/> to the property
    /// removes all metadata.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init => Assign(out field, value, UpdateCustomerFields.Metadata); }

    /// <summary>
    /// Extra top-level fields to send, by wire name, for a field OMS accepts that this SDK does not model yet (a JSON
    /// <c>null</c> value clears it, as for the other fields). Never <see langword="null"/>. A name the SDK models
    /// (<c>email</c>, say) is refused when the call starts, naming the property to use instead. The dictionary is shared by
    /// copies made with <c>with</c>.
    /// </summary>
    public IDictionary<string, JsonElement> AdditionalProperties => _additionalProperties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>What <see cref="AdditionalProperties"/> holds, for the writer; <see langword="null"/> (nothing allocated) when empty.</summary>
    internal Dictionary<string, JsonElement>? WireAdditionalProperties => _additionalProperties is { Count: > 0 } ? _additionalProperties : null;

    /// <summary>Whether the update changes nothing (it would not be sent).</summary>
    internal bool IsEmpty => _assigned == UpdateCustomerFields.None && SignedAgreement is null && Endorsements is null && WireAdditionalProperties is null;

    /// <summary>Whether <paramref name="field"/> was assigned (a value or <see langword="null"/>), that is whether it is sent.</summary>
    internal bool IsAssigned(UpdateCustomerFields field) => (_assigned & field) != 0;

    private void Assign<T>(out T field, T value, UpdateCustomerFields which)
    {
        field = value;
        _assigned |= which;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        // Only what is sent; PII shows as [redacted] (or as cleared, which reveals nothing).
        var first = true;
        Print(builder, ref first, UpdateCustomerFields.FirstName, nameof(FirstName), FirstName);
        Print(builder, ref first, UpdateCustomerFields.MiddleName, nameof(MiddleName), MiddleName);
        Print(builder, ref first, UpdateCustomerFields.LastName, nameof(LastName), LastName);
        Print(builder, ref first, UpdateCustomerFields.Email, nameof(Email), Email);
        Print(builder, ref first, UpdateCustomerFields.Phone, nameof(Phone), Phone);
        Print(builder, ref first, UpdateCustomerFields.BirthDate, nameof(BirthDate), Redacted.Mark(BirthDate is not null));
        Print(builder, ref first, UpdateCustomerFields.Nationality, nameof(Nationality), Nationality);
        Print(builder, ref first, UpdateCustomerFields.IpAddress, nameof(IpAddress), Redacted.Mark(IpAddress is not null));
        Print(builder, ref first, UpdateCustomerFields.ExternalId, nameof(ExternalId), ExternalId);
        if (SignedAgreement is { } signed)
        {
            Print(builder, ref first, nameof(SignedAgreement), signed ? "True" : "False");
        }

        Print(builder, ref first, UpdateCustomerFields.ResidentialAddress, nameof(ResidentialAddress), Redacted.Mark(ResidentialAddress is not null));
        Print(builder, ref first, UpdateCustomerFields.IdentifyingInformation, nameof(IdentifyingInformation), Redacted.Mark(IdentifyingInformation is not null));
        if (Endorsements is { } endorsements)
        {
            Print(builder, ref first, nameof(Endorsements), string.Join('|', endorsements));
        }

        Print(builder, ref first, UpdateCustomerFields.Metadata, nameof(Metadata), Metadata is null ? null : $"[{Metadata.Count} changes]");
        if (WireAdditionalProperties is { } extra)
        {
            Print(builder, ref first, nameof(AdditionalProperties), $"[{extra.Count} entries]");
        }
        return !first;
    }

    private void Print(StringBuilder builder, ref bool first, UpdateCustomerFields field, string name, string? value)
    {
        if (IsAssigned(field))
        {
            Print(builder, ref first, name, value ?? "(cleared)");
        }
    }

    private static void Print(StringBuilder builder, ref bool first, string name, string value)
    {
        builder.Append(first ? string.Empty : ", ").Append(name).Append(" = ").Append(value);
        first = false;
    }
}

/// <summary>The clearable fields of an <see cref="UpdateCustomerRequest"/>, one bit each: which were assigned.</summary>
[Flags]
internal enum UpdateCustomerFields
{
    None = 0,
    FirstName = 1 << 0,
    MiddleName = 1 << 1,
    LastName = 1 << 2,
    Email = 1 << 3,
    Phone = 1 << 4,
    BirthDate = 1 << 5,
    Nationality = 1 << 6,
    IpAddress = 1 << 7,
    ExternalId = 1 << 8,
    ResidentialAddress = 1 << 9,
    IdentifyingInformation = 1 << 10,
    Metadata = 1 << 11,
}
