namespace Oms.Sdk;

/// <summary>The kind of identity document given when creating a customer.</summary>
public enum IdentifyingDocumentType
{
    /// <summary>Not a valid value to send; present so a default value is detectable.</summary>
    Unknown = 0,

    /// <summary><c>ssn</c>: US Social Security number.</summary>
    Ssn,

    /// <summary><c>itin</c>: US Individual Taxpayer Identification Number.</summary>
    Itin,

    /// <summary><c>driversLicense</c>: driver's license.</summary>
    DriversLicense,

    /// <summary><c>passport</c>: passport.</summary>
    Passport,
}
