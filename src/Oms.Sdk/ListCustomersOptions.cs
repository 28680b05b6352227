namespace Oms.Sdk;

/// <summary>Options of <see cref="ICustomersClient.ListAsync(ListCustomersOptions?, OmsRequestOptions?, CancellationToken)"/> and <see cref="ICustomersClient.ListAllAsync(ListCustomersOptions?, OmsRequestOptions?, CancellationToken)"/>.</summary>
public sealed record ListCustomersOptions
{
    /// <summary>The largest page size OMS accepts.</summary>
    public const int MaxLimit = 100;

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>; OMS's default when <see langword="null"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The cursor of the page to fetch (from <see cref="CustomerPage.NextCursor"/>); the first page when <see langword="null"/>.</summary>
    public string? Cursor { get; init; }

    /// <summary>Only customers with this status.</summary>
    public CustomerStatus? Status { get; init; }

    /// <summary>Only customers with this email address.</summary>
    public string? Email { get; init; }

    /// <summary>Only customers with this external id.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Only customers created after this instant.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only customers created before this instant.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }
}
