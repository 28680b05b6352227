namespace Oms.Sdk;

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
