using System.Text.Json;
using System.Text.Json.Serialization;
using Oms.Sdk.Customers;
using Oms.Sdk.Serialization;

namespace Oms.Sdk;

/// <summary>One endorsement on a customer: its name, status and what it still needs.</summary>
public sealed record CustomerEndorsement
{
    private readonly IReadOnlyList<string> _rejectionReasons = [];
    private readonly EndorsementRequirements _requirements = EndorsementRequirements.None;
    private IReadOnlyDictionary<string, JsonElement> _additionalProperties = UnmodelledFields.Empty;

    /// <summary>The endorsement. <see cref="Endorsement.Unknown"/> for a name this SDK does not know (see <see cref="RawName"/>).</summary>
    [JsonIgnore]
    public Endorsement Name => WireNames.ParseEndorsement(RawName);

    /// <summary>The endorsement name exactly as OMS sent it.</summary>
    [JsonPropertyName("name")]
    public string? RawName { get; init; }

    /// <summary>The status. <see cref="EndorsementStatus.Unknown"/> for a value this SDK does not know (see <see cref="RawStatus"/>).</summary>
    [JsonIgnore]
    public EndorsementStatus Status => WireNames.ParseEndorsementStatus(RawStatus);

    /// <summary>The status exactly as OMS sent it.</summary>
    [JsonPropertyName("status")]
    public string? RawStatus { get; init; }

    /// <summary>
    /// Why OMS rejected the endorsement, when it did. A reason OMS sends as an object
    /// (<c>{"developerReason", "reason"}</c>) reads as its <c>developerReason</c>, else its <c>reason</c>, else its raw JSON.
    /// </summary>
    [JsonConverter(typeof(RejectionReasonListConverter))]
    public IReadOnlyList<string> RejectionReasons { get => _rejectionReasons; init => _rejectionReasons = value ?? []; }

    /// <summary>What the endorsement still requires.</summary>
    public EndorsementRequirements Requirements { get => _requirements; init => _requirements = value ?? EndorsementRequirements.None; }

    /// <summary>Every field of the endorsement object this SDK does not model, as sent. Never <see langword="null"/>.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties { get => _additionalProperties; init => _additionalProperties = value ?? UnmodelledFields.Empty; }

    /// <summary><see cref="AdditionalProperties"/> as top-level fields for a serializer of yours (a cached copy keeps the wire shape).</summary>
    [JsonExtensionData]
    [JsonInclude]
    internal IDictionary<string, JsonElement>? WireAdditionalProperties { get => UnmodelledFields.ToWire(_additionalProperties); set => _additionalProperties = UnmodelledFields.FromWire(value); }
}
