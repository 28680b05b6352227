using System.Text.Json.Serialization;
using Oms.Sdk.Serialization;

namespace Oms.Sdk;

/// <summary>One endorsement on a customer: its name, status and what it still needs.</summary>
public sealed record CustomerEndorsement
{
    private readonly IReadOnlyList<string> _rejectionReasons = [];
    private readonly EndorsementRequirements _requirements = EndorsementRequirements.None;

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

    /// <summary>Why OMS rejected the endorsement, when it did.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> RejectionReasons { get => _rejectionReasons; init => _rejectionReasons = value ?? []; }

    /// <summary>What the endorsement still requires.</summary>
    public EndorsementRequirements Requirements { get => _requirements; init => _requirements = value ?? EndorsementRequirements.None; }
}
