namespace Oms.Sdk.Testing.Internal;

/// <summary>
/// A customer as the fake keeps it: only what OMS returns. The write-only PII of a create (birth date, residential
/// address, IP address, identity documents) is validated and then dropped, never stored.
/// </summary>
internal sealed record StoredCustomer
{
    public required string Id { get; init; }

    /// <summary>The creation order; lists are sorted by it and cursors point into it.</summary>
    public required long Sequence { get; init; }

    /// <summary>What the create request gave that OMS returns.</summary>
    public required CustomerProfile Profile { get; init; }

    public CustomerStatus Status { get; init; } = CustomerStatus.Active;

    public DateTimeOffset? SignedAgreementAt { get; init; }

    /// <summary>In <see cref="Endorsement"/> order, each name once.</summary>
    public required IReadOnlyList<StoredEndorsement> Endorsements { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The fields of a create request that OMS returns on the customer, as given.</summary>
internal sealed record CustomerProfile
{
    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? LastName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Nationality { get; init; }

    public string? ExternalId { get; init; }

    public bool SignedAgreement { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Top-level fields outside the contract, kept as their raw JSON and returned as given (OMS adds fields before SDKs model them).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}

/// <summary>One endorsement of a stored customer, with the reasons of a rejection (empty otherwise).</summary>
internal sealed record StoredEndorsement(Endorsement Name, EndorsementStatus Status)
{
    public IReadOnlyList<string> RejectionReasons { get; init; } = [];
}
