using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>A residential address. Write-only PII: never returned by OMS, never printed by <see cref="ToString"/>.</summary>
public sealed record ResidentialAddress
{
    /// <summary>Street line 1.</summary>
    public string? Line1 { get; init; }

    /// <summary>Street line 2.</summary>
    public string? Line2 { get; init; }

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>State or region.</summary>
    public string? State { get; init; }

    /// <summary>Country as an ISO 3166-1 alpha-2 code.</summary>
    public string? Country { get; init; }

    /// <summary>Postal code.</summary>
    public string? ZipCode { get; init; }

    /// <summary>Returns a redacted description; the address itself is PII.</summary>
    /// <returns>A string that names the type only.</returns>
    public override string ToString() => $"{nameof(ResidentialAddress)} {{ {Redacted.Text} }}";
}
