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
