using Oms.Sdk.Diagnostics;

namespace Oms.Sdk;

/// <summary>An identity document. Write-only PII: never returned by OMS, never printed by <see cref="ToString"/>.</summary>
public sealed record IdentifyingDocument
{
    /// <summary>The document type.</summary>
    public IdentifyingDocumentType Type { get; init; }

    /// <summary>The issuing country as an ISO 3166-1 alpha-2 code.</summary>
    public string? IssuingCountry { get; init; }

    /// <summary>The document number.</summary>
    public string? Number { get; init; }

    /// <summary>Returns the document type only; the number is PII.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"{nameof(IdentifyingDocument)} {{ Type = {Type}, {Redacted.Text} }}";
}
