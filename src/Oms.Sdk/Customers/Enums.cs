namespace Oms.Sdk;

/// <summary>An OMS endorsement: a capability OMS grants a customer, asynchronously, after KYC.</summary>
/// <remarks>Wire spellings: <c>basic</c>, <c>cryptoCustody</c>, <c>usd</c>; read in any letter case (the raw name stays on the model).</remarks>
public enum Endorsement
{
    /// <summary>A value this version of the SDK does not know. Read the raw name from the model; never sent.</summary>
    Unknown = 0,

    /// <summary><c>basic</c>: standard operations; required for every transaction.</summary>
    Basic,

    /// <summary><c>cryptoCustody</c>: crypto custody and advanced wallet features.</summary>
    CryptoCustody,

    /// <summary><c>usd</c>: USD stablecoin operations and virtual accounts (brings <see cref="Basic"/>).</summary>
    Usd,
}

/// <summary>The state of one endorsement on a customer. Read in any letter case; the raw value stays on the model.</summary>
public enum EndorsementStatus
{
    /// <summary>A value this version of the SDK does not know; the raw value stays on the model.</summary>
    Unknown = 0,

    /// <summary><c>pending</c>: requested, not decided yet.</summary>
    Pending,

    /// <summary><c>approved</c> or <c>active</c> (OMS uses both words): granted; the customer may use it.</summary>
    Approved,

    /// <summary><c>rejected</c>: refused; see the rejection reasons.</summary>
    Rejected,
}

/// <summary>The coarse state of a customer. Finer state lives in the endorsements.</summary>
public enum CustomerStatus
{
    /// <summary>A value this version of the SDK does not know; the raw value stays on the model.</summary>
    Unknown = 0,

    /// <summary><c>active</c>.</summary>
    Active,

    /// <summary><c>inactive</c>.</summary>
    Inactive,
}

/// <summary>The kind of customer. OMS v0.9 accepts only <see cref="Individual"/>.</summary>
public enum CustomerType
{
    /// <summary>A value this version of the SDK does not know; the raw value stays on the model. Never sent.</summary>
    Unknown = 0,

    /// <summary><c>individual</c>: a natural person.</summary>
    Individual,
}

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
