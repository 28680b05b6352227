using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Oms.Sdk.Serialization;

/// <summary>
/// Reads a page of <c>GET /customers</c> straight into <see cref="CustomerPage"/>, each customer through
/// <see cref="CustomerReader"/>: what the serializer's reading of <see cref="CustomerPageWire"/> followed by
/// <see cref="CustomerPageWire.ToPage"/> produces (a <c>null</c> customer dropped, the cursor under <c>cursor</c> or
/// <c>nextCursor</c>), without a second object per customer.
/// </summary>
internal sealed class CustomerPageReader : JsonConverter<CustomerPage>
{
    /// <summary>The type info the call engine parses a page answer with.</summary>
    public static readonly JsonTypeInfo<CustomerPage> TypeInfo = JsonMetadataServices.CreateValueInfo<CustomerPage>(OmsJsonContext.Default.Options, new CustomerPageReader());

    private static readonly JsonPropertyNames Names = new("data", "hasMore", "cursor", "nextCursor");

    private CustomerPageReader()
    {
    }

    public override CustomerPage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonRead.Expect(ref reader, JsonTokenType.StartObject, "A page of customers");
        IReadOnlyList<Customer> items = [];
        var hasMore = false;
        string? cursor = null, nextCursor = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Names.ReadName(ref reader, ref seen, keepUnknown: false, out _);
            switch (property)
            {
                case 0: items = ReadItems(ref reader); break;
                case 1: hasMore = JsonRead.Boolean(ref reader) ?? throw JsonRead.NotNull("hasMore"); break;
                case 2: cursor = JsonRead.String(ref reader); break;
                case 3: nextCursor = JsonRead.String(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new CustomerPage { Items = items, HasMore = hasMore, WireCursor = cursor, WireNextCursor = nextCursor };
    }

    public override void Write(Utf8JsonWriter writer, CustomerPage value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The SDK only reads pages of customers.");

    private static IReadOnlyList<Customer> ReadItems(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        JsonRead.Expect(ref reader, JsonTokenType.StartArray, "\"data\"");
        List<Customer>? customers = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                (customers ??= []).Add(CustomerReader.ReadCustomer(ref reader));
            }
        }

        return customers is null ? [] : customers.AsReadOnly();
    }
}
