namespace Oms.Sdk;

/// <summary>The kind of customer. OMS v0.9 accepts only <see cref="Individual"/>.</summary>
public enum CustomerType
{
    /// <summary>A value this version of the SDK does not know; the raw value stays on the model. Never sent.</summary>
    Unknown = 0,

    /// <summary><c>individual</c>: a natural person.</summary>
    Individual,
}
