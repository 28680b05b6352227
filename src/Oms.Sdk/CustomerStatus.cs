namespace Oms.Sdk;

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
