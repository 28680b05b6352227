using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Oms.Sdk.Customers;

namespace Oms.Sdk.Serialization;

/// <summary>
/// Reads a customer as OMS sends it straight into the public <see cref="Customer"/> record, by hand: what the
/// source-generated reader of <see cref="CustomerWire"/> followed by <see cref="CustomerWire.ToCustomer"/> produces, with
/// no settable wire objects in between and no serializer read stack (whose frame array the serializer allocates for
/// every nested object or list, about 470 bytes a customer).
/// </summary>
/// <remarks>
/// It reads as the serializer does with the SDK's options (<see cref="OmsJsonContext"/>): property names in any case
/// (escaped or not), unknown properties kept in <c>AdditionalProperties</c>, a repeated property an error, a value of the wrong JSON type an
/// error, amounts as JSON numbers or exact decimal strings, instants as ISO 8601 strings; a <c>null</c> wallet is
/// dropped, a <c>null</c> list or map is empty. A CsCheck property test holds it to the serializer's reading of
/// <see cref="CustomerWire"/> on generated customers.
/// </remarks>
internal sealed class CustomerReader : JsonConverter<Customer>
{
    public static readonly CustomerReader Instance = new();

    /// <summary>The type info the call engine parses a customer answer with.</summary>
    public static readonly JsonTypeInfo<Customer> TypeInfo = JsonMetadataServices.CreateValueInfo<Customer>(OmsJsonContext.Default.Options, Instance);

    private static readonly ReadOnlyDictionary<string, string> NoMetadata = (ReadOnlyDictionary<string, string>)EmptyMetadata.Instance;

    private CustomerReader()
    {
    }

    public override Customer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadCustomer(ref reader);

    public override void Write(Utf8JsonWriter writer, Customer value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The SDK only reads customers; write one with your own serializer options.");

    /// <summary>Reads the customer object under the reader (on its <c>{</c>); leaves the reader on its <c>}</c>.</summary>
    public static Customer ReadCustomer(ref Utf8JsonReader reader)
    {
        JsonRead.Expect(ref reader, JsonTokenType.StartObject, "A customer");
        string? id = null, type = null, firstName = null, middleName = null, lastName = null, email = null, phone = null;
        string? nationality = null, externalId = null, status = null, wireObject = null;
        bool? signedAgreement = null;
        DateTimeOffset? signedAgreementAt = null;
        DateTimeOffset createdAt = default, updatedAt = default;
        IReadOnlyList<Wallet> wallets = [];
        IReadOnlyList<CustomerEndorsement> endorsements = [];
        IReadOnlyDictionary<string, string> metadata = NoMetadata;
        Dictionary<string, JsonElement>? unmodelled = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Names.ReadName(ref reader, ref seen, keepUnknown: true, out var unknown);
            switch (property)
            {
                case 0: id = JsonRead.String(ref reader); break;
                case 1: wireObject = JsonRead.String(ref reader); break;
                case 2: type = JsonRead.String(ref reader); break;
                case 3: firstName = JsonRead.String(ref reader); break;
                case 4: middleName = JsonRead.String(ref reader); break;
                case 5: lastName = JsonRead.String(ref reader); break;
                case 6: email = JsonRead.String(ref reader); break;
                case 7: phone = JsonRead.String(ref reader); break;
                case 8: nationality = JsonRead.String(ref reader); break;
                case 9: externalId = JsonRead.String(ref reader); break;
                case 10: status = JsonRead.String(ref reader); break;
                case 11: signedAgreement = JsonRead.Boolean(ref reader); break;
                case 12: signedAgreementAt = JsonRead.Instant(ref reader); break;
                case 13: wallets = ReadWallets(ref reader); break;
                case 14: endorsements = reader.TokenType == JsonTokenType.Null ? [] : CustomerEndorsementListConverter.ReadList(ref reader); break;
                case 15: metadata = ReadMetadata(ref reader); break;
                case 16: createdAt = JsonRead.Instant(ref reader) ?? throw JsonRead.NotNull("createdAt"); break;
                case 17: updatedAt = JsonRead.Instant(ref reader) ?? throw JsonRead.NotNull("updatedAt"); break;
                default: JsonRead.KeepUnmodelled(ref reader, unknown!, ref unmodelled); break;
            }
        }

        return new Customer
        {
            Id = id ?? string.Empty,
            Object = wireObject,
            RawType = type,
            FirstName = firstName,
            MiddleName = middleName,
            LastName = lastName,
            Email = email,
            Phone = phone,
            Nationality = nationality,
            ExternalId = externalId,
            RawStatus = status,
            SignedAgreement = signedAgreement,
            SignedAgreementAt = signedAgreementAt,
            Wallets = wallets,
            Endorsements = endorsements,
            Metadata = metadata,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            AdditionalProperties = UnmodelledFields.From(unmodelled),
        };
    }

    private static readonly JsonPropertyNames Names = new(
        "id", "object", "type", "firstName", "middleName", "lastName", "email", "phone", "nationality", "externalId", "status",
        "signedAgreement", "signedAgreementAt", "wallets", "endorsements", "metadata", "createdAt", "updatedAt");

    private static readonly JsonPropertyNames WalletNames = new("id", "type", "address", "network", "asset", "balance", "estimatedValueUsd", "createdAt");

    private static IReadOnlyList<Wallet> ReadWallets(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        JsonRead.Expect(ref reader, JsonTokenType.StartArray, "\"wallets\"");
        Wallet? first = null;
        List<Wallet>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var wallet = ReadWallet(ref reader);
            if (first is null)
            {
                first = wallet;
            }
            else
            {
                (more ??= [first]).Add(wallet);
            }
        }

        // Most customers have one wallet or none: an exactly sized array under the read-only wrapper, no list.
        return more is not null ? more.AsReadOnly() : first is not null ? new ReadOnlyCollection<Wallet>([first]) : [];
    }

    private static Wallet ReadWallet(ref Utf8JsonReader reader)
    {
        JsonRead.Expect(ref reader, JsonTokenType.StartObject, "A wallet");
        string? id = null, type = null, address = null, network = null, asset = null;
        decimal? balance = null, estimatedValueUsd = null;
        DateTimeOffset? createdAt = null;
        Dictionary<string, JsonElement>? unmodelled = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = WalletNames.ReadName(ref reader, ref seen, keepUnknown: true, out var unknown);
            switch (property)
            {
                case 0: id = JsonRead.String(ref reader); break;
                case 1: type = JsonRead.String(ref reader); break;
                case 2: address = JsonRead.String(ref reader); break;
                case 3: network = JsonRead.String(ref reader); break;
                case 4: asset = JsonRead.String(ref reader); break;
                case 5: balance = JsonRead.Amount(ref reader); break;
                case 6: estimatedValueUsd = JsonRead.Amount(ref reader); break;
                case 7: createdAt = JsonRead.Instant(ref reader); break;
                default: JsonRead.KeepUnmodelled(ref reader, unknown!, ref unmodelled); break;
            }
        }

        return new Wallet
        {
            Id = id ?? string.Empty,
            Type = type,
            Address = address,
            Network = network,
            Asset = asset,
            Balance = balance,
            EstimatedValueUsd = estimatedValueUsd,
            CreatedAt = createdAt,
            AdditionalProperties = UnmodelledFields.From(unmodelled),
        };
    }

    /// <summary>A string-to-string map; a repeated key is an error (as the serializer refuses it), a <c>null</c> value kept.</summary>
    private static IReadOnlyDictionary<string, string> ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return NoMetadata;
        }

        JsonRead.Expect(ref reader, JsonTokenType.StartObject, "\"metadata\"");
        Dictionary<string, string>? entries = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (!(entries ??= []).TryAdd(key, JsonRead.String(ref reader)!))
            {
                throw new JsonException("The customer's \"metadata\" repeats a key.");
            }
        }

        return entries is null ? NoMetadata : new ReadOnlyDictionary<string, string>(entries);
    }
}
