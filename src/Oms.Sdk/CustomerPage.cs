using System.Text.Json.Serialization;

namespace Oms.Sdk;

/// <summary>One page of customers from <see cref="ICustomersClient.ListAsync(ListCustomersOptions?, OmsRequestOptions?, CancellationToken)"/>.</summary>
public sealed record CustomerPage
{
    private readonly IReadOnlyList<Customer> _items = [];

    /// <summary>The customers on this page.</summary>
    [JsonPropertyName("data")]
    public IReadOnlyList<Customer> Items { get => _items; init => _items = value ?? []; }

    /// <summary>Whether OMS says more pages follow.</summary>
    public bool HasMore { get; init; }

    /// <summary>The cursor of the next page, or <see langword="null"/> on the last page.</summary>
    /// <remarks>Read from <c>cursor</c>, falling back to <c>nextCursor</c>; a page with <see cref="HasMore"/> false has none.</remarks>
    [JsonIgnore]
    public string? NextCursor => HasMore ? (string.IsNullOrEmpty(WireCursor) ? WireNextCursor : WireCursor) is { Length: > 0 } c ? c : null : null;

    [JsonInclude]
    [JsonPropertyName("cursor")]
    internal string? WireCursor { get; init; }

    [JsonInclude]
    [JsonPropertyName("nextCursor")]
    internal string? WireNextCursor { get; init; }
}
