using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Customers;

namespace Oms.Sdk.Serialization;

// The shapes OMS sends, as plain settable classes read by the source generator, and their mapping to the public
// immutable records: the serializer's own reading of a customer and a page, with the SDK's options.
//
// Calls and webhooks no longer read through these: CustomerReader and CustomerPageReader read straight into the public
// records by hand (no second object per customer, no serializer read stack; docs/performance.md). These types stay as
// the reference those readers are held to: CustomerReaderPropertyTests compares the two readings on generated JSON.
// (Settable classes because the generator can fill init-only records only through its parameterized-constructor path.)

/// <summary>A customer as OMS sends it.</summary>
internal sealed class CustomerWire
{
    public string? Id { get; set; }

    public string? Object { get; set; }

    public string? Type { get; set; }

    public string? FirstName { get; set; }

    public string? MiddleName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Nationality { get; set; }

    public string? ExternalId { get; set; }

    public string? Status { get; set; }

    public bool? SignedAgreement { get; set; }

    public DateTimeOffset? SignedAgreementAt { get; set; }

    public List<WalletWire?>? Wallets { get; set; }

    /// <summary>Both endorsement shapes (plain names or objects) read straight into the public records.</summary>
    [JsonConverter(typeof(CustomerEndorsementListConverter))]
    public IReadOnlyList<CustomerEndorsement>? Endorsements { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The fields the SDK does not model; <see langword="null"/> (nothing allocated) when there are none.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    public Customer ToCustomer() => new()
    {
        Id = Id ?? string.Empty,
        Object = Object,
        RawType = Type,
        FirstName = FirstName,
        MiddleName = MiddleName,
        LastName = LastName,
        Email = Email,
        Phone = Phone,
        Nationality = Nationality,
        ExternalId = ExternalId,
        RawStatus = Status,
        SignedAgreement = SignedAgreement,
        SignedAgreementAt = SignedAgreementAt,
        Wallets = ToWallets(Wallets),
        Endorsements = Endorsements ?? [],
        Metadata = Metadata is { Count: > 0 } metadata ? new ReadOnlyDictionary<string, string>(metadata) : EmptyMetadata.Instance,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        AdditionalProperties = UnmodelledFields.From(AdditionalProperties),
    };

    private static IReadOnlyList<Wallet> ToWallets(List<WalletWire?>? wallets)
    {
        if (wallets is not { Count: > 0 })
        {
            return [];
        }

        var items = new List<Wallet>(wallets.Count);
        foreach (var wallet in wallets)
        {
            if (wallet is not null)
            {
                items.Add(wallet.ToWallet());
            }
        }

        return items.AsReadOnly();
    }
}

/// <summary>A wallet as OMS sends it: amounts as exact decimal strings.</summary>
internal sealed class WalletWire
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Address { get; set; }

    public string? Network { get; set; }

    public string? Asset { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? Balance { get; set; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? EstimatedValueUsd { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The fields the SDK does not model; <see langword="null"/> when there are none.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    public Wallet ToWallet() => new()
    {
        Id = Id ?? string.Empty,
        Type = Type,
        Address = Address,
        Network = Network,
        Asset = Asset,
        Balance = Balance,
        EstimatedValueUsd = EstimatedValueUsd,
        CreatedAt = CreatedAt,
        AdditionalProperties = UnmodelledFields.From(AdditionalProperties),
    };
}

/// <summary>A page of <c>GET /customers</c>: the cursor under <c>cursor</c> or, failing that, <c>nextCursor</c>.</summary>
internal sealed class CustomerPageWire
{
    public List<CustomerWire?>? Data { get; set; }

    public bool HasMore { get; set; }

    public string? Cursor { get; set; }

    public string? NextCursor { get; set; }

    public CustomerPage ToPage()
    {
        IReadOnlyList<Customer> items = [];
        if (Data is { Count: > 0 } data)
        {
            var customers = new List<Customer>(data.Count);
            foreach (var customer in data)
            {
                if (customer is not null)
                {
                    customers.Add(customer.ToCustomer());
                }
            }

            items = customers.AsReadOnly();
        }

        return new CustomerPage { Items = items, HasMore = HasMore, WireCursor = Cursor, WireNextCursor = NextCursor };
    }
}
