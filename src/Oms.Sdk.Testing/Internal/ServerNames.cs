namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// How the fake, as the server, spells OMS's enum values on the wire: exactly the contract's spellings, matched
/// exactly (a server accepts what it documents). Its own table rather than Oms.Sdk's, which reads leniently as a client
/// must; a mistake in either then shows up as a failing test instead of agreeing with itself.
/// </summary>
internal static class ServerNames
{
    public static readonly ServerVocabulary<Endorsement> Endorsements =
        new((Endorsement.Basic, "basic"), (Endorsement.CryptoCustody, "cryptoCustody"), (Endorsement.Usd, "usd"));

    public static readonly ServerVocabulary<EndorsementStatus> EndorsementStatuses =
        new((EndorsementStatus.Pending, "pending"), (EndorsementStatus.Approved, "approved"), (EndorsementStatus.Rejected, "rejected"));

    public static readonly ServerVocabulary<CustomerStatus> CustomerStatuses =
        new((CustomerStatus.Active, "active"), (CustomerStatus.Inactive, "inactive"));

    public static readonly ServerVocabulary<IdentifyingDocumentType> DocumentTypes =
        new((IdentifyingDocumentType.Ssn, "ssn"), (IdentifyingDocumentType.Itin, "itin"), (IdentifyingDocumentType.DriversLicense, "driversLicense"), (IdentifyingDocumentType.Passport, "passport"));

    /// <summary>The only customer type of v0.9.</summary>
    public const string Individual = "individual";
}

/// <summary>One enum's wire spellings, both ways.</summary>
internal sealed class ServerVocabulary<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _names = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public ServerVocabulary(params (T Value, string Name)[] entries)
    {
        foreach (var (value, name) in entries)
        {
            _names.Add(value, name);
            _values.Add(name, value);
        }

        Listed = string.Join(", ", entries.Select(e => e.Name));
    }

    /// <summary>The spellings, comma-separated, for error messages.</summary>
    public string Listed { get; }

    public string Name(T value) => _names[value];

    public bool TryParse(string? name, out T value) => _values.TryGetValue(name ?? string.Empty, out value);
}
