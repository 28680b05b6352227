using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Customers;

namespace Oms.Sdk;

/// <summary>A wallet owned by a customer. Amounts are exact decimals (OMS sends them as strings).</summary>
public sealed record Wallet
{
    private IReadOnlyDictionary<string, JsonElement> _additionalProperties = UnmodelledFields.Empty;

    /// <summary>The wallet id, for example <c>wlt_01H9Xb3K7nM2pQ4r</c>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The wallet type as OMS sent it, for example <c>custodial</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The on-chain address.</summary>
    public string? Address { get; init; }

    /// <summary>The network, for example <c>polygon</c>.</summary>
    public string? Network { get; init; }

    /// <summary>The asset, for example <c>usdc</c>.</summary>
    public string? Asset { get; init; }

    /// <summary>The balance, exact.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? Balance { get; init; }

    /// <summary>The estimated value in USD, exact.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public decimal? EstimatedValueUsd { get; init; }

    /// <summary>When the wallet was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Every field of the wallet this SDK does not model, as sent. Never <see langword="null"/>.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value ?? UnmodelledFields.Empty; }

    /// <summary><see cref="AdditionalProperties"/> as top-level fields for a serializer of yours (a cached copy keeps the wire shape).</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? WireAdditionalProperties { get => UnmodelledFields.ToWire(_additionalProperties); set => _additionalProperties = UnmodelledFields.FromWire(value); }
}
