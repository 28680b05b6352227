using System.Collections.ObjectModel;
using System.Text.Json;

namespace Oms.Sdk.Customers;

/// <summary>
/// The fields of an answer the SDK does not model, kept as OMS sent them (see <c>Customer.AdditionalProperties</c>): one
/// shared empty instance for the common case, so a model without unknown fields allocates nothing for them.
/// </summary>
internal static class UnmodelledFields
{
    public static readonly IReadOnlyDictionary<string, JsonElement> Empty = new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>(0));

    /// <summary>A read-only view of what the serializer collected, or <see cref="Empty"/> for nothing.</summary>
    public static IReadOnlyDictionary<string, JsonElement> From(Dictionary<string, JsonElement>? collected) =>
        collected is { Count: > 0 } ? new ReadOnlyDictionary<string, JsonElement>(collected) : Empty;

    /// <summary>What a serializer's extension data property writes: <see langword="null"/> for nothing.</summary>
    public static IDictionary<string, JsonElement>? ToWire(IReadOnlyDictionary<string, JsonElement> fields) =>
        fields.Count == 0 ? null : fields as IDictionary<string, JsonElement> ?? fields.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>What a serializer's extension data property read, as a read-only copy.</summary>
    public static IReadOnlyDictionary<string, JsonElement> FromWire(IDictionary<string, JsonElement>? fields) =>
        fields is null ? Empty : new Dictionary<string, JsonElement>(fields).AsReadOnly();
}
