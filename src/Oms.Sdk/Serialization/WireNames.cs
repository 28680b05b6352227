namespace Oms.Sdk.Serialization;

/// <summary>
/// The one place that spells OMS enum values on the wire. Reading never fails: an unknown
/// spelling maps to the enum's <c>Unknown</c> member and the caller keeps the raw string.
/// </summary>
/// <remarks>
/// Project ruling (CONTRIBUTING.md, "The project's rulings"): endorsement names and statuses are read in any letter case, and both <c>approved</c>
/// and <c>active</c> (the word OMS's get-started page uses) mean granted. Writing uses the exact documented spelling.
/// </remarks>
internal static class WireNames
{
    public static string ToWire(Endorsement value) => value switch
    {
        Endorsement.Basic => "basic",
        Endorsement.CryptoCustody => "cryptoCustody",
        Endorsement.Usd => "usd",
        _ => throw Unsendable(value),
    };

    public static Endorsement ParseEndorsement(string? value) =>
        Is(value, "basic") ? Endorsement.Basic
        : Is(value, "cryptoCustody") ? Endorsement.CryptoCustody
        : Is(value, "usd") ? Endorsement.Usd
        : Endorsement.Unknown;

    public static string ToWire(EndorsementStatus value) => value switch
    {
        EndorsementStatus.Pending => "pending",
        EndorsementStatus.Approved => "approved",
        EndorsementStatus.Rejected => "rejected",
        _ => throw Unsendable(value),
    };

    public static EndorsementStatus ParseEndorsementStatus(string? value) =>
        Is(value, "approved") || Is(value, "active") ? EndorsementStatus.Approved
        : Is(value, "pending") ? EndorsementStatus.Pending
        : Is(value, "rejected") ? EndorsementStatus.Rejected
        : EndorsementStatus.Unknown;

    public static string ToWire(CustomerStatus value) => value switch
    {
        CustomerStatus.Active => "active",
        CustomerStatus.Inactive => "inactive",
        _ => throw Unsendable(value),
    };

    public static CustomerStatus ParseCustomerStatus(string? value) => value switch
    {
        "active" => CustomerStatus.Active,
        "inactive" => CustomerStatus.Inactive,
        _ => CustomerStatus.Unknown,
    };

    public static string ToWire(CustomerType value) => value switch
    {
        CustomerType.Individual => "individual",
        _ => throw Unsendable(value),
    };

    public static CustomerType ParseCustomerType(string? value) => value switch
    {
        "individual" => CustomerType.Individual,
        _ => CustomerType.Unknown,
    };

    public static string ToWire(IdentifyingDocumentType value) => value switch
    {
        IdentifyingDocumentType.Ssn => "ssn",
        IdentifyingDocumentType.Itin => "itin",
        IdentifyingDocumentType.DriversLicense => "driversLicense",
        IdentifyingDocumentType.Passport => "passport",
        _ => throw Unsendable(value),
    };

    public static IdentifyingDocumentType ParseIdentifyingDocumentType(string? value) => value switch
    {
        "ssn" => IdentifyingDocumentType.Ssn,
        "itin" => IdentifyingDocumentType.Itin,
        "driversLicense" => IdentifyingDocumentType.DriversLicense,
        "passport" => IdentifyingDocumentType.Passport,
        _ => IdentifyingDocumentType.Unknown,
    };

    private static bool Is(string? value, string spelling) => string.Equals(value, spelling, StringComparison.OrdinalIgnoreCase);

    private static ArgumentOutOfRangeException Unsendable<T>(T value) where T : struct, Enum =>
        new(typeof(T).Name, value, $"{typeof(T).Name}.{value} cannot be sent to OMS; use one of the named values.");
}
