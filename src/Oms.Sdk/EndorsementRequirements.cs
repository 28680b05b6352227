using System.Text.Json.Serialization;
using Oms.Sdk.Serialization;

namespace Oms.Sdk;

/// <summary>The requirements of an endorsement, grouped by state. Items are kept as OMS sent them (objects as raw JSON text).</summary>
public sealed record EndorsementRequirements
{
    /// <summary>No requirements at all; shared, as the record is immutable.</summary>
    internal static readonly EndorsementRequirements None = new();

    private readonly IReadOnlyList<string> _complete = [];
    private readonly IReadOnlyList<string> _pending = [];
    private readonly IReadOnlyList<string> _missing = [];
    private readonly IReadOnlyList<string> _issues = [];

    /// <summary>Requirements met.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Complete { get => _complete; init => _complete = value ?? []; }

    /// <summary>Requirements under review.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Pending { get => _pending; init => _pending = value ?? []; }

    /// <summary>Requirements not yet provided.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Missing { get => _missing; init => _missing = value ?? []; }

    /// <summary>Problems found with what was provided.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string> Issues { get => _issues; init => _issues = value ?? []; }
}
